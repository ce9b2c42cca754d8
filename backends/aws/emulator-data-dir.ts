import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { createDirectory, type MetadataDirectory, type MetadataTree } from './emulator-tree.js';

/** Reads a data directory whose `latest/` mirrors IMDS URL paths, one file per leaf. Throws ConfigError. */
export async function readAwsDataDirectory(root: string): Promise<MetadataTree> {
  const latest = join(root, 'latest');
  const info = await stat(latest).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new ConfigError(
      `emulator data ${root}: expected a "latest" directory mirroring the URL paths (e.g. latest/meta-data/instance-id)`,
    );
  }
  try {
    return await readDirectory(latest);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(`emulator data ${root}: ${reason}`, { cause: err });
  }
}

// Sorted like `ls`, so listings do not depend on the file system's order.
async function readDirectory(path: string): Promise<MetadataDirectory> {
  const directory = createDirectory();
  const names = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
  for (const name of names) {
    const child = join(path, name);
    const info = await stat(child);
    if (info.isDirectory()) {
      directory.entries.set(name, await readDirectory(child));
    } else {
      const text = await readFile(child, 'utf8');
      directory.entries.set(name, { kind: 'text', text: text.replace(/\n$/, '') });
    }
  }
  return directory;
}
