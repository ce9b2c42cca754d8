import type { BigJson, BigJsonObject } from './big-json.js';

/**
 * GCE's `?recursive=true` JSON names members in camelCase (`machineType`, `networkInterfaces`,
 * `externalIp`) while the URL paths use hyphens (`machine-type`, `network-interfaces`,
 * `external-ip`). Names chosen by users are the same in both: the keys of `attributes/`
 * (instance and project), the accounts under `service-accounts/` (`default` and emails), and
 * everything under `guest-attributes/` and `partner-attributes/` (namespaces and their keys).
 *
 * `parentPath` is the path of the containing directory in URL names, from under
 * `/computeMetadata/v1`, e.g. `['instance', 'service-accounts']`.
 */
export function toRestName(parentPath: readonly string[], jsonName: string): string {
  if (isUserNamed(parentPath)) return jsonName;
  return jsonName.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/g, '-').toLowerCase();
}

/** The recursive JSON name of a URL path name (the inverse of `toRestName`). */
export function toJsonName(parentPath: readonly string[], restName: string): string {
  if (isUserNamed(parentPath)) return restName;
  return restName.replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase());
}

/**
 * A copy of recursive JSON found at `path` (URL names) with every member renamed by
 * `toRestName`: the tree as the URL paths name it. Arrays keep their order.
 */
export function mapToRestNames(value: BigJson, path: readonly string[]): BigJson {
  if (Array.isArray(value)) {
    return value.map((item, index) => mapToRestNames(item, [...path, String(index)]));
  }
  if (value === null || typeof value !== 'object') return value;
  const mapped: BigJsonObject = {};
  for (const [jsonName, child] of Object.entries(value)) {
    const restName = toRestName(path, jsonName);
    Object.defineProperty(mapped, restName, {
      value: mapToRestNames(child, [...path, restName]),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return mapped;
}

/** Directories whose members users name, e.g. `['instance', 'attributes']`. */
const userNamedDirectories = ['attributes', 'service-accounts'];
/** Directories below which every name is a user's, at any depth. */
const userNamedTrees = ['guest-attributes', 'partner-attributes'];

function isUserNamed(parentPath: readonly string[]): boolean {
  const [top, directory] = parentPath;
  if (top === undefined || directory === undefined) return false;
  if (parentPath.length === 2 && userNamedDirectories.includes(directory)) return true;
  return userNamedTrees.includes(directory);
}
