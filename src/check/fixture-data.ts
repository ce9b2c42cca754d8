import { readFile } from 'node:fs/promises';
import type { KeyValues } from '../../backends/backend.js';
import { flattenJson } from '../../backends/flatten.js';
import { ConfigError } from '../errors.js';
import { joinKey } from '../template/key-prefix.js';

/**
 * Reads `check --data FILE`: a JSON object whose members are keys, flat
 * (`{"/meta-data/instance-id": "i-1"}`) or nested and flattened by `/`
 * (`{"meta-data": {"placement": {"region": "eu-west-1"}}}`), or both. Keys are in the backend's
 * namespace (with any prefix), as the metadata service would return them; a leading `/` is
 * optional. Arrays are indexed (`/a/0`), numbers and booleans become text, `null` the empty string.
 * Throws ConfigError naming the file.
 */
export async function readFixtureData(file: string): Promise<KeyValues> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    const reason =
      err instanceof SyntaxError ? `invalid JSON: ${err.message}` : (err as Error).message;
    throw new ConfigError(`--data ${file}: ${reason}`, { cause: err });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`--data ${file}: expected a JSON object of keys, got ${typeOf(parsed)}`);
  }
  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed)) {
    const key = joinKey(name);
    for (const [leaf, text] of flattenJson(value, key === '/' ? '' : key)) values.set(leaf, text);
  }
  return values;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
