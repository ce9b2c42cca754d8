import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { TtlCache } from '../../src/cache/ttl-cache.js';

describe('TtlCache', () => {
  it('serves a value for its TTL, then misses', () => {
    let now = 1_000;
    const cache = new TtlCache<string>({ ttlMs: 500, clock: () => now });
    cache.set('/meta-data/instance-id', 'i-1');
    now += 500;
    assert.equal(cache.get('/meta-data/instance-id'), 'i-1');
    now += 1;
    assert.equal(cache.get('/meta-data/instance-id'), undefined);
    assert.deepEqual(cache.stats(), { hits: 1, misses: 1, entries: 0, ttlMs: 500 });
  });

  it('counts hits, misses and live entries', () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000 });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.get('a');
    cache.get('missing');
    assert.deepEqual(cache.stats(), { hits: 2, misses: 1, entries: 2, ttlMs: 60_000 });
  });

  it('evicts the least recently used entry past maxEntries', () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000, maxEntries: 2 });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), '1');
    assert.equal(cache.get('c'), '3');
  });

  it('stores nothing when the TTL is 0', () => {
    const cache = new TtlCache<string>({ ttlMs: 0 });
    cache.set('a', '1');
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.stats().entries, 0);
  });

  it('deletes and clears', () => {
    const cache = new TtlCache<string>({ ttlMs: 60_000 });
    cache.set('a', '1');
    cache.set('b', '2');
    cache.delete('a');
    assert.equal(cache.get('a'), undefined);
    cache.clear();
    assert.equal(cache.stats().entries, 0);
  });
});
