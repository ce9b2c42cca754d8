import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, which is itself the example confdir. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface TempConfdir {
  readonly dir: string;
  /** Write `conf.d/<name>.toml` and `templates/<name>.tmpl`. */
  addResource(name: string, toml: string, template?: string): Promise<void>;
  remove(): Promise<void>;
}

/** A fresh confdir in a temp dir; with `copyExample`, a copy of the repository's conf.d, templates and examples. */
export async function createTempConfdir(
  options: { copyExample?: boolean } = {},
): Promise<TempConfdir> {
  const dir = await mkdtemp(join(tmpdir(), 'confd-ts-'));
  await mkdir(join(dir, 'conf.d'));
  await mkdir(join(dir, 'templates'));
  if (options.copyExample) {
    await cp(join(repoRoot, 'conf.d'), join(dir, 'conf.d'), { recursive: true });
    await cp(join(repoRoot, 'templates'), join(dir, 'templates'), { recursive: true });
    await cp(join(repoRoot, 'examples'), join(dir, 'examples'), { recursive: true });
  }
  return {
    dir,
    addResource: async (name, toml, template) => {
      await writeFile(join(dir, 'conf.d', `${name}.toml`), toml);
      if (template !== undefined) await writeFile(join(dir, 'templates', `${name}.tmpl`), template);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A `[template]` table for a resource `name` writing `out/<name>` with the given keys. */
export function resourceToml(name: string, keys: readonly string[], extra = ''): string {
  return `[template]\nsrc = "${name}.tmpl"\ndest = "out/${name}"\nkeys = ${JSON.stringify(keys)}\n${extra}`;
}
