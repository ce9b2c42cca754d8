import type { Backend, KeyValues } from './backend.js';
import { v1Root, type V1Mapping } from './v1-mapping.js';
import { isUnderKey } from '../src/template/key-prefix.js';

/**
 * Adds the normalized `/v1/...` keys to a provider backend: a request for `/v1` prefixes fetches
 * only the provider keys those names come from (through the same cache), maps them, and returns
 * the `/v1` keys under the requested prefixes, next to any provider keys asked for directly.
 */
export function withV1Keys(backend: Backend, mapping: V1Mapping): Backend {
  const waitForChange = backend.waitForChange?.bind(backend);
  return {
    provider: backend.provider,
    endpoint: backend.endpoint,
    getValues: async (prefixes, signal) => {
      const v1Prefixes = prefixes.filter(isV1Key);
      if (v1Prefixes.length === 0) return backend.getValues(prefixes, signal);
      const ownPrefixes = prefixes.filter((prefix) => !isV1Key(prefix));
      const sources = mapping.sourcePrefixes(v1Prefixes);
      const fetched = await backend.getValues([...new Set([...ownPrefixes, ...sources])], signal);
      return mergeRequested(fetched, ownPrefixes, mapping.toV1(fetched), v1Prefixes);
    },
    health: (signal) => backend.health(signal),
    cacheStats: () => backend.cacheStats(),
    ...(waitForChange
      ? {
          waitForChange: (prefixes, signal) =>
            waitForChange(withSources(prefixes, mapping), signal),
        }
      : {}),
    close: () => backend.close(),
  };
}

// A watch on /v1 keys watches the provider keys they come from.
function withSources(prefixes: readonly string[], mapping: V1Mapping): string[] {
  const v1Prefixes = prefixes.filter(isV1Key);
  return [...prefixes.filter((prefix) => !isV1Key(prefix)), ...mapping.sourcePrefixes(v1Prefixes)];
}

function isV1Key(key: string): boolean {
  return key === v1Root || key.startsWith(`${v1Root}/`);
}

// Only what was asked for: provider keys under the provider prefixes, v1 keys under the v1 ones.
function mergeRequested(
  fetched: KeyValues,
  ownPrefixes: readonly string[],
  v1: ReadonlyMap<string, string>,
  v1Prefixes: readonly string[],
): KeyValues {
  const result = new Map<string, string>();
  for (const [key, value] of fetched) {
    if (ownPrefixes.some((prefix) => isUnderKey(key, prefix))) result.set(key, value);
  }
  for (const [key, value] of v1) {
    if (v1Prefixes.some((prefix) => isUnderKey(key, prefix))) result.set(key, value);
  }
  return result;
}
