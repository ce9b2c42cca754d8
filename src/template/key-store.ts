import type { KeyValues } from '../../backends/backend.js';
import { compilePathPattern } from './path-match.js';
import { compareKeys } from './key-prefix.js';

/** One key and its value, as `get` and `gets` return them (confd's `memkv.KVPair`). */
export interface KeyValuePair {
  readonly key: string;
  readonly value: string;
}

/**
 * confd's memkv store semantics over flattened metadata, read-only. Keys are `/`-separated
 * paths such as `/meta-data/placement/region`. Lookups are exact; listings tolerate a missing
 * leading or an extra trailing slash (`/meta-data/`, `/meta-data` and `meta-data` are one
 * directory, `/` is the root).
 */
export class KeyStore {
  readonly #values: KeyValues;
  readonly #sortedKeys: readonly string[];

  constructor(values: KeyValues) {
    this.#values = values;
    this.#sortedKeys = [...values.keys()].sort(compareKeys);
  }

  /** The pair for `key`; throws an Error `key "<key>" not found` when it is absent. */
  get(key: string): KeyValuePair {
    const value = this.#values.get(key);
    if (value === undefined) throw new Error(`key ${JSON.stringify(key)} not found`);
    return { key, value };
  }

  /** The value of `key`, else `fallback` when one is given (even ""), else throws like `get`. */
  getv(key: string, fallback?: string): string {
    const value = this.#values.get(key);
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    return this.get(key).value;
  }

  /** Every pair whose key matches a Go `path.Match` pattern, sorted by key; [] when none match. */
  gets(pattern: string): KeyValuePair[] {
    const re = compilePathPattern(pattern);
    return this.#sortedKeys
      .filter((key) => re.test(key))
      .map((key) => ({ key, value: this.#values.get(key) as string }));
  }

  /** The values of `gets(pattern)`, sorted by value. */
  getvs(pattern: string): string[] {
    return this.gets(pattern)
      .map((pair) => pair.value)
      .sort(compareKeys);
  }

  /** True when `key` holds a value (a directory is not a key). */
  exists(key: string): boolean {
    return this.#values.has(key);
  }

  /** `ls`: the names of the direct children of `dir` (leaves and directories), sorted, unique. */
  list(dir: string): string[] {
    return this.#listChildren(dir, false);
  }

  /** `lsdir`: only the children of `dir` that have children themselves, sorted, unique. */
  listDir(dir: string): string[] {
    return this.#listChildren(dir, true);
  }

  // memkv's list: every key under `<clean dir>/`, first path segment after the prefix.
  #listChildren(dir: string, dirsOnly: boolean): string[] {
    const prefix = toDirPrefix(dir);
    const names = new Set<string>();
    for (const key of this.#sortedKeys) {
      if (!key.startsWith(prefix)) continue;
      const segments = key.slice(prefix.length).split('/');
      if (dirsOnly && segments.length < 2) continue;
      const name = segments[0];
      if (name) names.add(name);
    }
    return [...names].sort(compareKeys);
  }
}

// '/a/b/', '/a/b' and 'a/b' all become '/a/b/'; '/' and '' become '/'.
function toDirPrefix(dir: string): string {
  const trimmed = dir
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}
