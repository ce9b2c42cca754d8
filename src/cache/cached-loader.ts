import { SingleFlight } from './single-flight.js';
import { TtlCache, type CacheStats, type TtlCacheOptions } from './ttl-cache.js';

/**
 * The fetch path every backend shares: a value is served from the TTL cache while it is fresh;
 * otherwise it is fetched once, however many callers ask for it at the same time (single
 * flight), and stored for the next ones.
 */
export class CachedLoader<V extends NonNullable<unknown>> {
  readonly #cache: TtlCache<V>;
  readonly #flight = new SingleFlight<V>();

  constructor(options: TtlCacheOptions) {
    this.#cache = new TtlCache<V>(options);
  }

  /**
   * The fresh cached value of `key`, or the one `fetch` resolves to. `signal` stops only this
   * caller's wait; already aborted, it throws its reason before any lookup or fetch.
   */
  async load(key: string, fetch: () => Promise<V>, signal?: AbortSignal): Promise<V> {
    signal?.throwIfAborted();
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    return this.#flight.run(
      key,
      async () => {
        const value = await fetch();
        this.#cache.set(key, value);
        return value;
      },
      signal,
    );
  }

  /** Store a value fetched another way (a long poll's answer). */
  set(key: string, value: V): void {
    this.#cache.set(key, value);
  }

  stats(): CacheStats {
    return this.#cache.stats();
  }

  clear(): void {
    this.#cache.clear();
  }
}
