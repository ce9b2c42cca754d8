import { CachedLoader } from '../../src/cache/cached-loader.js';
import type { Backend, BackendClientOptions, KeyValues } from '../backend.js';
import { createHttpClient, defaultRequestTimeoutMs } from '../http.js';
import { probeHealth, type ProbeRequestOptions } from '../probe-health.js';
import { checkFlavor, fetchDirectory, flavorHeader, flavorValue } from './fetch-directory.js';
import type { ChangeWait } from './fetch-directory.js';
import { watchDirectories } from './watch-directories.js';

export interface GcpBackendOptions extends BackendClientOptions {
  /** `timeout_sec` of each `wait_for_change` long poll (added to the request timeout); 60 by default. */
  watchTimeoutSeconds?: number;
}

/** The GCP backend, with long polls for `--watch`. */
export interface GcpBackend extends Backend {
  readonly provider: 'gcp';
  /**
   * Resolves once the metadata under `prefixes` changed since it was last fetched (the new data
   * is cached, so the next getValues needs no request). Long polls each top-level directory the
   * prefixes need; failures back off and retry. Rejects only with the abort reason of `signal`.
   */
  waitForChange(prefixes: readonly string[], signal: AbortSignal): Promise<void>;
}

/** A directory's keys; undefined when the server has no such directory. */
interface Cached {
  readonly values: KeyValues | undefined;
}

/** The directories a prefix of `/` covers. */
const rootDirectories = ['instance', 'project'];

/**
 * A GCE metadata server backend: keys `/instance/...` and `/project/...` under the URL paths'
 * names. Each top-level directory is one `?recursive=true` request, through a TTL cache and a
 * single flight, so within the cache TTL it is fetched once however many prefixes ask for it.
 */
export function createGcpBackend(options: GcpBackendOptions): GcpBackend {
  const requestTimeoutMs = options.requestTimeoutMs ?? defaultRequestTimeoutMs;
  const http = createHttpClient({
    timeoutMs: requestTimeoutMs,
    retry: options.retry,
    logger: options.logger,
    onRequest: options.onRequest,
  });
  const cache = new CachedLoader<Cached>({ ttlMs: options.cacheTtlMs, clock: options.clock });
  const etags = new Map<string, string>();

  // One directory from the server (a long poll with `wait`); remembers its ETag for long polls.
  const fetchFromService = async (
    directory: string,
    signal?: AbortSignal,
    wait?: ChangeWait,
  ): Promise<Cached> => {
    const timeoutMs = requestTimeoutMs + (wait ? wait.timeoutSec * 1000 : 0);
    const request = { signal, timeoutMs, wait, ...(wait ? { retry: { retries: 0 } } : {}) };
    const fetched = await fetchDirectory(http, options.endpoint, directory, request);
    if (fetched?.etag === undefined) etags.delete(directory);
    else etags.set(directory, fetched.etag);
    return { values: fetched?.values };
  };

  const readDirectory = (directory: string, signal?: AbortSignal): Promise<Cached> =>
    cache.load(directory, () => fetchFromService(directory), signal);

  return {
    provider: 'gcp',
    endpoint: options.endpoint,
    getValues: async (prefixes, signal): Promise<KeyValues> => {
      signal?.throwIfAborted();
      const directories = selectDirectories(prefixes);
      const fetched = await Promise.all(directories.map((name) => readDirectory(name, signal)));
      return pickUnder(fetched, prefixes);
    },
    health: (signal) => {
      const url = `${options.endpoint}/computeMetadata/v1/instance/`;
      const headers = { [flavorHeader]: flavorValue };
      const probe = async (request: ProbeRequestOptions): Promise<void> =>
        checkFlavor(await http.request({ url, operation: 'health', headers, ...request }));
      return probeHealth(url, probe, signal);
    },
    waitForChange: (prefixes, signal) =>
      watchDirectories(selectDirectories(prefixes), signal, {
        etagOf: (directory) => etags.get(directory),
        fetch: async (directory, wait, waitSignal) =>
          cache.set(directory, await fetchFromService(directory, waitSignal, wait)),
        timeoutSec: options.watchTimeoutSeconds ?? 60,
        retry: options.retry,
        logger: options.logger,
      }),
    cacheStats: () => cache.stats(),
    // Both calls are idempotent, so close() is too.
    close: async () => {
      http.close();
      cache.clear();
    },
  };
}

/** The top-level directories that hold the keys under `prefixes` (`/` means instance and project). */
function selectDirectories(prefixes: readonly string[]): string[] {
  const directories = new Set<string>();
  for (const prefix of prefixes) {
    const first = prefix.split('/').find((segment) => segment !== '');
    for (const name of first === undefined ? rootDirectories : [first]) directories.add(name);
  }
  return [...directories];
}

function pickUnder(fetched: readonly Cached[], prefixes: readonly string[]): KeyValues {
  const roots = prefixes.map((prefix) => prefix.replace(/\/+$/, ''));
  const result = new Map<string, string>();
  for (const { values } of fetched) {
    for (const [key, value] of values ?? []) {
      if (roots.some((root) => root === '' || key === root || key.startsWith(`${root}/`)))
        result.set(key, value);
    }
  }
  return result;
}
