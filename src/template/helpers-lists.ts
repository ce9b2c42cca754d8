import { argInt, argList, argString, describeValue, type HelperTable } from './helpers-define.js';
import type { KeyValuePair } from './key-store.js';

/**
 * List and object helpers: `map k1 v1 k2 v2...` (confd's createMap), `index coll k...` (Go's
 * index: list positions, object fields, nested), `reverse`, `sortByLength`, `sortKVByLength`.
 * The sorting and reversing helpers return copies; the input is never changed.
 */
export const listHelpers: HelperTable = {
  map: { min: 0, max: Infinity, fn: (args) => createMap(args) },
  index: { min: 2, max: Infinity, fn: ([coll, ...keys]) => keys.reduce(indexOne, coll) },
  reverse: { min: 1, fn: ([list]) => [...argList(list, 'list')].reverse() },
  sortByLength: {
    min: 1,
    fn: ([list]) =>
      argList(list, 'list')
        .map((item) => argString(item, 'list item'))
        .sort((a, b) => a.length - b.length),
  },
  sortKVByLength: {
    min: 1,
    fn: ([list]) =>
      argList(list, 'list')
        .map(toPair)
        .sort((a, b) => a.key.length - b.key.length),
  },
};

// Pairs of arguments -> an object; keys must be strings, as in confd.
function createMap(args: unknown[]): Record<string, unknown> {
  if (args.length % 2 !== 0) {
    throw new Error(`expected key/value pairs, got an odd number of arguments (${args.length})`);
  }
  const entries: [string, unknown][] = [];
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    if (typeof key !== 'string') {
      throw new Error(`map keys must be strings, got ${describeValue(key)}`);
    }
    entries.push([key, args[i + 1]]);
  }
  // fromEntries defines own properties: a "__proto__" key stays a plain key.
  return Object.fromEntries(entries);
}

// One step of `index`: a list position (in range) or an object's own field (undefined if absent).
function indexOne(coll: unknown, key: unknown): unknown {
  if (Array.isArray(coll)) {
    const i = argInt(key, 'index');
    if (i < 0 || i >= coll.length)
      throw new Error(`index ${i} out of range for a list of ${coll.length}`);
    return coll[i];
  }
  if (coll !== null && typeof coll === 'object') {
    const field = argString(key, 'field');
    return Object.hasOwn(coll, field) ? (coll as Record<string, unknown>)[field] : undefined;
  }
  throw new Error(`cannot index ${describeValue(coll)}`);
}

function toPair(item: unknown): KeyValuePair {
  if (item !== null && typeof item === 'object' && 'key' in item && typeof item.key === 'string') {
    return item as KeyValuePair;
  }
  throw new Error(`list items must be key/value pairs (from gets), got ${describeValue(item)}`);
}
