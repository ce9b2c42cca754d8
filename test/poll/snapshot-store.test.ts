import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAwsBackend } from '../../backends/aws/client.js';
import type { Backend } from '../../backends/backend.js';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { snapshotKey, SnapshotStore } from '../../src/poll/snapshot-store.js';
import { SecretScrubber } from '../../src/secrets.js';

describe('SnapshotStore', () => {
  let emulator: RunningEmulator;
  let backend: Backend;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws', latencyMs: 150 });
    backend = createAwsBackend({ endpoint: emulator.url, cacheTtlMs: 0 });
  });
  after(async () => {
    await backend.close();
    await emulator.close();
  });

  it('lets renders read the old snapshot while a poll fetches, and swaps only after them', async () => {
    const secrets = new SecretScrubber();
    const store = new SnapshotStore(backend, secrets);
    const keys = ['/meta-data/instance-id'];
    const events: string[] = [];
    const first = store.refresh([keys]);
    // While the fetch is under way (150 ms per request), a render reads without waiting.
    assert.equal(await store.read(async (snapshot) => snapshot.size), 0);
    await first;
    // A render in flight holds the read lock: the next poll fetches, but swaps after it ends.
    const render = store.read(async (snapshot) => {
      events.push(`render starts with ${snapshot.size}`);
      await sleep(700);
      events.push('render ends');
    });
    await store.refresh([keys, ['/meta-data/placement']]).then(() => events.push('swapped'));
    await render;
    assert.deepEqual(events, ['render starts with 1', 'render ends', 'swapped']);
    const current = await store.read(async (snapshot) => snapshot);
    const fetched = current.get(snapshotKey(['/meta-data/placement']));
    assert.ok(
      fetched &&
        'values' in fetched &&
        fetched.values.get('/meta-data/placement/region') === 'us-east-1',
    );
  });

  it('records a failed fetch per key list and learns sensitive values', async () => {
    const secrets = new SecretScrubber();
    const store = new SnapshotStore(backend, secrets);
    const role = ['/meta-data/iam/security-credentials'];
    emulator.setFaults({ errorRate: 1 });
    const failed = await store.refresh([role]);
    emulator.setFaults({ errorRate: 0 });
    assert.ok('error' in (failed.get(snapshotKey(role)) ?? {}));
    await store.refresh([role]);
    assert.equal(secrets.scrub('key v/12345678901'), 'key [REDACTED]');
  });
});
