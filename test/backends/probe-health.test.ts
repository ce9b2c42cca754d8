import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  healthTimeoutMs,
  probeHealth,
  type ProbeRequestOptions,
} from '../../backends/probe-health.js';

describe('probeHealth', () => {
  it('is ok when the probe resolves, which gets one attempt within the health timeout', async () => {
    const seen: ProbeRequestOptions[] = [];
    const health = await probeHealth('http://x/probe', async (options) => void seen.push(options));
    assert.deepEqual(health, { ok: true });
    assert.equal(seen[0]?.timeoutMs, healthTimeoutMs);
    assert.deepEqual(seen[0]?.retry, { retries: 0 });
    assert.equal(seen[0]?.signal.aborted, false);
  });

  it("gives the probe's error as the reason, and never throws", async () => {
    const health = await probeHealth('http://x/probe', () =>
      Promise.reject(new Error('GET http://x/probe answered 503')),
    );
    assert.deepEqual(health, { ok: false, reason: 'GET http://x/probe answered 503' });
  });

  it("passes the caller's abort on to the probe", async () => {
    const caller = new AbortController();
    const health = probeHealth(
      'http://x/probe',
      (options) =>
        new Promise((_resolve, reject) =>
          options.signal.addEventListener('abort', () => reject(new Error('caller gave up'))),
        ),
      caller.signal,
    );
    caller.abort();
    assert.deepEqual(await health, { ok: false, reason: 'caller gave up' });
  });
});
