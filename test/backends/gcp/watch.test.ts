import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGcpBackend, type GcpBackendOptions } from '../../../backends/gcp/client.js';
import { startGcpWithFile } from './gcp-fixtures.js';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

function createBackend(endpoint: string, options: Partial<GcpBackendOptions> = {}) {
  const backend = createGcpBackend({ endpoint, cacheTtlMs: 60_000, ...options });
  closers.push(() => backend.close());
  return backend;
}

// Polls a condition the test waits for (not a timing assertion: it only bounds a hang).
async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i += 1) await sleep(20);
  assert.ok(condition(), `gave up waiting for ${what}`);
}

const watchRequests = (paths: readonly { path: string }[]): string[] =>
  paths.map((request) => request.path).filter((path) => path.includes('wait_for_change=true'));

describe('GcpBackend.waitForChange', () => {
  it('resolves when the data changes, with the new data already cached', async () => {
    const started = await startGcpWithFile();
    closers.push(() => started.close());
    const backend = createBackend(started.emulator.url);
    assert.equal(
      (await backend.getValues(['/instance/zone'])).get('/instance/zone'),
      'projects/708288290784/zones/us-central1-a',
    );
    const waiting = backend.waitForChange(['/instance/zone'], new AbortController().signal);
    await waitUntil(() => started.emulator.requests.length === 1, 'the first fetch');
    await started.rewrite((text) => text.replace('zones/us-central1-a', 'zones/europe-west4-b'));
    await waiting;
    const [poll] = watchRequests(started.emulator.requests);
    assert.match(
      poll ?? '',
      /^\/computeMetadata\/v1\/instance\/\?recursive=true&alt=json&wait_for_change=true&last_etag=[0-9a-f]{16}&timeout_sec=60$/,
    );
    const requestsBefore = started.emulator.requests.length;
    const values = await backend.getValues(['/instance/zone']);
    assert.equal(values.get('/instance/zone'), 'projects/708288290784/zones/europe-west4-b');
    assert.equal(started.emulator.requests.length, requestsBefore);
  });

  it('keeps waiting with the same ETag when timeout_sec passes without a change', async () => {
    const started = await startGcpWithFile();
    closers.push(() => started.close());
    const backend = createBackend(started.emulator.url, { watchTimeoutSeconds: 1 });
    await backend.getValues(['/project/']);
    let resolved = false;
    const waiting = backend
      .waitForChange(['/project/project-id'], new AbortController().signal)
      .then(() => (resolved = true));
    // A long poll answered at its timeout_sec is recorded; the next one is then in flight.
    await waitUntil(
      () => watchRequests(started.emulator.requests).length >= 1,
      'a long poll to time out',
    );
    assert.equal(resolved, false);
    await started.rewrite((text) =>
      text.replace('"projectId": "srashid-test2"', '"projectId": "other"'),
    );
    await waiting;
    const polls = watchRequests(started.emulator.requests);
    assert.ok(polls.length >= 2, `expected a second long poll, got ${polls.join(', ')}`);
    const etags = polls.map((path) => /last_etag=([^&]+)/.exec(path)?.[1]);
    assert.equal(new Set(etags).size, 1, 'every long poll carries the ETag of the last fetch');
    assert.ok(polls.every((path) => path.includes('/project/') && path.endsWith('timeout_sec=1')));
    assert.equal(
      (await backend.getValues(['/project/project-id'])).get('/project/project-id'),
      'other',
    );
  });

  it('rejects with the abort reason and stops its long poll', async () => {
    const started = await startGcpWithFile();
    closers.push(() => started.close());
    const backend = createBackend(started.emulator.url);
    await backend.getValues(['/instance/id']);
    const controller = new AbortController();
    const waiting = backend.waitForChange(['/'], controller.signal);
    const reason = new Error('stop watching');
    controller.abort(reason);
    await assert.rejects(waiting, (err) => err === reason);
  });

  it('backs off between failed long polls instead of retrying at once', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(503, { 'Metadata-Flavor': 'Google' });
      res.end('unavailable');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const delays: number[] = [];
    const controller = new AbortController();
    const backend = createBackend(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, {
      retry: {
        retries: 0,
        random: () => 1,
        sleep: async (ms) => {
          delays.push(ms);
          if (delays.length === 4) controller.abort(new Error('enough'));
        },
      },
    });
    await assert.rejects(backend.waitForChange(['/instance'], controller.signal), /enough/);
    assert.deepEqual(delays, [1000, 2000, 4000, 8000]);
    assert.equal(requests, 4);
  });
});
