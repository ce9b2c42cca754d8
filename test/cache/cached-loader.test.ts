import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CachedLoader } from '../../src/cache/cached-loader.js';

describe('CachedLoader', () => {
  it('fetches once for concurrent callers, serves the cache within the TTL, refetches after it', async () => {
    let now = 1_000;
    const loader = new CachedLoader<string>({ ttlMs: 100, clock: () => now });
    let fetches = 0;
    const fetch = async (): Promise<string> => {
      fetches += 1;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return `v${fetches}`;
    };
    assert.deepEqual(await Promise.all([loader.load('k', fetch), loader.load('k', fetch)]), [
      'v1',
      'v1',
    ]);
    assert.equal(await loader.load('k', fetch), 'v1');
    assert.equal(fetches, 1);
    now += 101;
    assert.equal(await loader.load('k', fetch), 'v2');
    assert.deepEqual(loader.stats(), { hits: 1, misses: 3, entries: 1, ttlMs: 100 });
  });

  it('does not cache a failed fetch, and stores values set directly', async () => {
    const loader = new CachedLoader<string>({ ttlMs: 60_000 });
    await assert.rejects(
      loader.load('k', () => Promise.reject(new Error('outage'))),
      /outage/,
    );
    assert.equal(await loader.load('k', async () => 'fresh'), 'fresh');
    loader.set('pushed', 'from a long poll');
    assert.equal(
      await loader.load('pushed', () => Promise.reject(new Error('not fetched'))),
      'from a long poll',
    );
    loader.clear();
    assert.equal(loader.stats().entries, 0);
  });

  it('starts no fetch for a caller whose signal is already aborted', async () => {
    const loader = new CachedLoader<string>({ ttlMs: 60_000 });
    let fetches = 0;
    const fetch = async (): Promise<string> => `v${(fetches += 1)}`;
    const reason = new Error('caller gone');
    await assert.rejects(loader.load('k', fetch, AbortSignal.abort(reason)), reason);
    assert.equal(fetches, 0);
    assert.deepEqual(loader.stats(), { hits: 0, misses: 0, entries: 0, ttlMs: 60_000 });
  });
});
