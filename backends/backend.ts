import type { CacheStats } from '../src/cache/ttl-cache.js';
import type { Logger } from '../src/log.js';
import type { RequestEvent, RetryPolicy } from './http.js';

/** Flattened metadata: '/a/b' key -> leaf value. */
export type KeyValues = ReadonlyMap<string, string>;

export type Provider = 'aws' | 'azure' | 'gcp';

export interface Health {
  readonly ok: boolean;
  /** Why the service is considered unhealthy; absent when ok. */
  readonly reason?: string;
}

/** A metadata service, behind one small interface (like confd's StoreClient). */
export interface Backend {
  readonly provider: Provider;
  /** Base URL of the metadata service in use. */
  readonly endpoint: string;
  /** Every leaf under each prefix, flattened to '/a/b' keys. Throws BackendError. */
  getValues(prefixes: readonly string[], signal?: AbortSignal): Promise<KeyValues>;
  /** Cheap reachability probe; never throws. */
  health(signal?: AbortSignal): Promise<Health>;
  /** Hits, misses, entries and TTL of the backend's metadata cache. */
  cacheStats(): CacheStats;
  /**
   * Only where the provider can push changes (GCP): resolves once the metadata under `prefixes`
   * changed since it was last fetched. Rejects only with the abort reason of `signal`.
   */
  waitForChange?(prefixes: readonly string[], signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** What every provider's client is created with (each adds its own protocol options). */
export interface BackendClientOptions {
  /** Base URL, without a trailing slash (see the provider's resolve*Endpoint). */
  endpoint: string;
  /** How long each fetched document, value or listing is reused; 0 disables the cache. */
  cacheTtlMs: number;
  /** Timeout of each request attempt; `defaultRequestTimeoutMs` (1000 ms) by default. */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Gets each request's URL, status and timing at debug level; never values or tokens. */
  logger?: Logger;
  /** Sees every request attempt, for metrics. */
  onRequest?: (event: RequestEvent) => void;
  /** Milliseconds clock for cache TTLs (and token expiry); injectable for tests. */
  clock?: () => number;
}
