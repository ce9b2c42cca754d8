import { posix } from 'node:path';

/**
 * Join key prefixes and a key into one normalized key: a leading '/', no trailing '/', no '//'
 * (`joinKey('/prod', 'app/', '/port')` is `/prod/app/port`; `joinKey()` is `/`).
 */
export function joinKey(...parts: readonly string[]): string {
  const joined = posix.join('/', ...parts);
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/**
 * The key as a template sees it: the resource's prefix removed, as confd's `setVars` does
 * (`stripKeyPrefix('/prod', '/prod/app/port')` is `/app/port`). Unlike confd's plain
 * `strings.TrimPrefix`, only whole path segments are removed, so prefix `/prod` leaves
 * `/production/x` untouched.
 */
export function stripKeyPrefix(prefix: string, key: string): string {
  if (prefix === '/' || prefix === '') return joinKey(key);
  if (key === prefix) return '/';
  return key.startsWith(`${prefix}/`) ? key.slice(prefix.length) : key;
}

/** True when `key` is `prefix` itself or lies below it (`/` holds every key). Both normalized. */
export function isUnderKey(key: string, prefix: string): boolean {
  return prefix === '/' || key === prefix || key.startsWith(`${prefix}/`);
}

/** Code-unit order, as Go's sort.Strings: keys sort the same on every machine (no locale). */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
