import { LRUCache } from 'lru-cache';

/** Hit, miss and size counters of a cache, for metrics and `/ready/detailed`. */
export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly entries: number;
  readonly ttlMs: number;
}

export interface TtlCacheOptions {
  /** How long each entry lives after it is set. */
  ttlMs: number;
  /** Entry bound; the least recently used go first. */
  maxEntries?: number;
  /** Milliseconds clock, above 0 (lru-cache reads a start time of 0 as unset); injectable for tests. */
  clock?: () => number;
}

const defaultMaxEntries = 10_000;

/**
 * A TTL cache over lru-cache: every entry expires `ttlMs` after it was set, and is never served
 * stale. Counts hits and misses.
 */
export class TtlCache<V extends NonNullable<unknown>> {
  readonly #lru: LRUCache<string, V>;
  readonly #ttlMs: number;
  #hits = 0;
  #misses = 0;

  constructor(options: TtlCacheOptions) {
    const clock = options.clock;
    this.#ttlMs = options.ttlMs;
    this.#lru = new LRUCache<string, V>({
      max: options.maxEntries ?? defaultMaxEntries,
      ttl: options.ttlMs,
      allowStale: false,
      // With an injected clock, read it on every call rather than lru-cache's 1 ms memo.
      ...(clock ? { perf: { now: clock }, ttlResolution: 0 } : {}),
    });
  }

  /** The live value for `key`, counting a hit or a miss. */
  get(key: string): V | undefined {
    const value = this.#lru.get(key);
    if (value === undefined) this.#misses += 1;
    else this.#hits += 1;
    return value;
  }

  /** Store `value` for `ttlMs`; a TTL of 0 disables caching. */
  set(key: string, value: V): void {
    if (this.#ttlMs <= 0) return;
    this.#lru.set(key, value);
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }

  stats(): CacheStats {
    this.#lru.purgeStale();
    return { hits: this.#hits, misses: this.#misses, entries: this.#lru.size, ttlMs: this.#ttlMs };
  }
}
