import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/errors.js';
import { parseBigJson, type BigJson, type BigJsonObject } from './big-json.js';
import { toJsonName } from './names.js';

// From dist/backends/gcp/ back to the committed source file.
const defaultDataPath = fileURLToPath(
  new URL('../../../backends/gcp/default-data.json', import.meta.url),
);

/**
 * The GCP emulator's data as `/computeMetadata/v1/?recursive=true` answers it (camelCase names,
 * big integers exact): from a JSON file, a directory mirroring URL paths, or the built-in data
 * set when `path` is absent. Throws ConfigError naming the path.
 */
export async function loadGcpData(path: string | undefined): Promise<BigJsonObject> {
  if (path === undefined)
    return parseDataFile(await readFile(defaultDataPath, 'utf8'), defaultDataPath);
  const info = await stat(path).catch((err: unknown) => {
    throw new ConfigError(`emulator data ${path}: ${(err as Error).message}`, { cause: err });
  });
  if (info.isDirectory()) return readDataDirectory(path);
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new ConfigError(`emulator data ${path}: ${(err as Error).message}`, { cause: err });
  });
  return parseDataFile(text, path);
}

// A recursive JSON document: `{"computeMetadata": {"v1": {...}}}` or the `v1` object itself.
function parseDataFile(text: string, path: string): BigJsonObject {
  let document: BigJson;
  try {
    document = parseBigJson(text);
  } catch (err) {
    throw new ConfigError(`emulator data ${path}: ${(err as Error).message}`, { cause: err });
  }
  const v1 = readMember(readMember(document, 'computeMetadata'), 'v1') ?? document;
  if (!isObject(v1) || !isObject(v1.instance)) {
    throw new ConfigError(
      `emulator data ${path}: expected the recursive metadata JSON, {"instance": {...}, "project": {...}} (optionally inside {"computeMetadata": {"v1": ...}})`,
    );
  }
  return v1;
}

/**
 * A directory whose `computeMetadata/v1/` mirrors the URL paths, one file per value (its text,
 * one trailing newline dropped); a directory of `0`, `1`, ... is a list. Names are URL names.
 */
async function readDataDirectory(root: string): Promise<BigJsonObject> {
  const v1 = join(root, 'computeMetadata', 'v1');
  const info = await stat(v1).catch(() => undefined);
  if (info === undefined || !info.isDirectory()) {
    throw new ConfigError(
      `emulator data ${root}: expected a "computeMetadata/v1" directory mirroring the URL paths (e.g. computeMetadata/v1/instance/id)`,
    );
  }
  try {
    return (await readDirectory(v1, [])) as BigJsonObject;
  } catch (err) {
    throw new ConfigError(`emulator data ${root}: ${(err as Error).message}`, { cause: err });
  }
}

async function readDirectory(path: string, restPath: readonly string[]): Promise<BigJson> {
  const names = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
  const children: [string, BigJson][] = [];
  for (const name of names) {
    const child = join(path, name);
    const value = (await stat(child)).isDirectory()
      ? await readDirectory(child, [...restPath, name])
      : (await readFile(child, 'utf8')).replace(/\n$/, '');
    children.push([name, value]);
  }
  if (children.length > 0 && children.every(([name]) => /^(0|[1-9]\d*)$/.test(name))) {
    return children.sort(([a], [b]) => Number(a) - Number(b)).map(([, value]) => value);
  }
  const object: BigJsonObject = {};
  for (const [name, value] of children) {
    Object.defineProperty(object, toJsonName(restPath, name), {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

function readMember(value: BigJson | undefined, name: string): BigJson | undefined {
  return isObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}

function isObject(value: BigJson | undefined): value is BigJsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
