/**
 * Data sets of the AWS IMDS emulator.
 *
 * JSON file format (`--data FILE`), e.g.
 * ```json
 * {
 *   "meta-data": {
 *     "instance-id": "i-0123456789abcdef0",
 *     "ami-launch-index": 0,
 *     "security-groups": "web\nssh",
 *     "public-keys": { "0=my-key": { "openssh-key": "ssh-rsa AAAA... my-key" } },
 *     "iam": { "info": { "$json": { "Code": "Success", "InstanceProfileArn": "arn:..." } } }
 *   },
 *   "dynamic": { "instance-identity": { "document": { "$json": { "region": "us-east-1" } } } },
 *   "user-data": "#!/bin/sh\necho hello"
 * }
 * ```
 * - The top level holds only `meta-data`, `dynamic` (objects) and `user-data` (a leaf); each
 *   is optional, and an absent one answers 404 like unset user data on EC2.
 * - A nested object is a directory; its keys are path segments (no `/`, not empty).
 * - A string is a leaf served as is (`\n` makes a multi-line leaf); numbers and booleans are
 *   served stringified; an array of those is a multi-line leaf, one element per line.
 * - `{"$json": DOCUMENT}` is a leaf holding a JSON document, served pretty-printed as IMDS does.
 * - A directory named `N=name` (public keys) is listed as `N=name` and addressed as `N`.
 * - `null` is rejected: leave the key out instead.
 *
 * Directory format (`--data DIR`), served file by file as imds-faker does: `DIR/latest/` mirrors
 * the URL paths, e.g. `DIR/latest/meta-data/instance-id` is a file whose content is the value,
 * subdirectories are directories, `DIR/latest/meta-data/public-keys/0=my-key/openssh-key` works.
 * One final newline of a file is dropped (so `echo i-123 > instance-id` serves `i-123`); names
 * starting with `.` are ignored.
 */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError } from '../../src/errors.js';
import { readAwsDataDirectory } from './emulator-data-dir.js';
import { createDirectory, type MetadataNode, type MetadataTree } from './emulator-tree.js';

const topLevelNames = new Set(['meta-data', 'dynamic', 'user-data']);

/** Loads a data file or directory (see the module comment). Throws ConfigError naming the path. */
export async function loadAwsData(source: string): Promise<MetadataTree> {
  const info = await stat(source).catch((err: unknown) => {
    throw new ConfigError(`emulator data ${source}: ${describe(err)}`, { cause: err });
  });
  if (info.isDirectory()) return readAwsDataDirectory(source);
  const text = await readFile(source, 'utf8').catch((err: unknown) => {
    throw new ConfigError(`emulator data ${source}: ${describe(err)}`, { cause: err });
  });
  return parseAwsDataJson(text, source);
}

/** Parses the JSON data format; `file` names the source in errors. Throws ConfigError. */
export function parseAwsDataJson(text: string, file: string): MetadataTree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`emulator data ${file}: invalid JSON: ${describe(err)}`, { cause: err });
  }
  if (!isPlainObject(parsed)) {
    throw new ConfigError(`emulator data ${file}: the top level must be an object`);
  }
  const tree = createDirectory();
  for (const [name, value] of Object.entries(parsed)) {
    if (!topLevelNames.has(name)) {
      throw new ConfigError(
        `emulator data ${file}: unknown top-level key "${name}" (expected meta-data, dynamic, user-data)`,
      );
    }
    const node = convertValue(value, `${file}: ${name}`);
    if ((name === 'user-data') !== (node.kind !== 'directory')) {
      const expected = name === 'user-data' ? 'a leaf' : 'an object';
      throw new ConfigError(`emulator data ${file}: "${name}" must be ${expected}`);
    }
    tree.entries.set(name, node);
  }
  return tree;
}

// One JSON value -> tree node; `where` is the file and key path for errors.
function convertValue(value: unknown, where: string): MetadataNode {
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number' || typeof value === 'boolean') {
    return { kind: 'text', text: String(value) };
  }
  if (Array.isArray(value)) return { kind: 'text', text: value.map(scalarText(where)).join('\n') };
  if (!isPlainObject(value))
    throw new ConfigError(`emulator data ${where}: ${value} is not allowed`);
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$json') return { kind: 'json', document: value['$json'] };
  const directory = createDirectory();
  for (const [name, member] of Object.entries(value)) {
    if (name === '' || name.includes('/')) {
      throw new ConfigError(`emulator data ${where}: invalid path segment "${name}"`);
    }
    directory.entries.set(name, convertValue(member, `${where}/${name}`));
  }
  return directory;
}

function scalarText(where: string): (item: unknown) => string {
  return (item) => {
    if (['string', 'number', 'boolean'].includes(typeof item)) return String(item);
    throw new ConfigError(`emulator data ${where}: array elements must be strings or numbers`);
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
