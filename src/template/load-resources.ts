import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseResource, type ResourceContext, type TemplateResource } from './resource.js';
import { ResourceError } from './resource-error.js';
import { compareKeys } from './key-prefix.js';

/** Every resource of a confdir that parsed, and one error per file that did not. */
export interface LoadedResources {
  readonly resources: readonly TemplateResource[];
  readonly errors: readonly ConfigError[];
}

/**
 * Parse every `*.toml` under `<confdir>/conf.d` (recursively, sorted by path; files whose name
 * starts with `.`, such as editor lock files, are skipped; symlinked files are followed). One bad
 * file does not stop the others: its error is collected in `errors`. Two resources with the same
 * `dest` are an error on the second one, since they would overwrite each other at every poll.
 */
export async function loadResources(context: ResourceContext): Promise<LoadedResources> {
  const confd = join(context.confdir, 'conf.d');
  const errors: ConfigError[] = [];
  let files: string[];
  try {
    files = await findTomlFiles(confd);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    errors.push(
      new ConfigError(`cannot read template resources in ${confd}: ${reason}`, { cause: err }),
    );
    return { resources: [], errors };
  }
  const resources: TemplateResource[] = [];
  const owners = new Map<string, string>();
  for (const file of files) {
    try {
      const resource = await parseResource(file, await readFile(file, 'utf8'), context);
      const other = owners.get(resource.dest);
      if (other !== undefined) {
        throw new ResourceError(`dest ${resource.dest} is already written by ${other}`, {
          file,
          field: 'template.dest',
        });
      }
      owners.set(resource.dest, file);
      resources.push(resource);
    } catch (err) {
      errors.push(toConfigError(file, err));
    }
  }
  return { resources, errors };
}

// Walk `dir` recursively and return the paths of its `*.toml` files, sorted.
async function findTomlFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (!entry.name.endsWith('.toml') || entry.name.startsWith('.')) continue;
    const path = join(entry.parentPath, entry.name);
    if (await isFile(entry, path)) found.push(path);
  }
  return found.sort((a, b) => compareKeys(relative(dir, a), relative(dir, b)));
}

// A regular file, or a symlink to one; a dangling symlink is reported by the caller's readFile.
async function isFile(entry: Dirent, path: string): Promise<boolean> {
  if (!entry.isSymbolicLink()) return entry.isFile();
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}

function toConfigError(file: string, err: unknown): ConfigError {
  if (err instanceof ConfigError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new ResourceError(reason, { file, cause: err });
}
