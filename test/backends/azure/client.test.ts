import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { createAzureBackend } from '../../../backends/azure/client.js';
import type { AzureBackend, AzureBackendOptions } from '../../../backends/azure/client.js';
import type { RequestEvent } from '../../../backends/http.js';
import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { BackendError } from '../../../src/errors.js';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

function createBackend(
  server: { url: string },
  options: Partial<AzureBackendOptions> = {},
): AzureBackend {
  const backend = createAzureBackend({ endpoint: server.url, cacheTtlMs: 60_000, ...options });
  closers.push(() => backend.close());
  return backend;
}

// Retries that do not sleep and never run out during a test with injected faults.
const patientRetry = { retries: 12, sleep: async () => undefined, budgetMs: 60_000 };
const address = '/instance/network/interface/0/ipv4/ipAddress/0/privateIpAddress';

// Answers `status` to the first `failures` requests, then the instance document.
async function startFlakyServer(
  status: number,
  failures: number,
): Promise<{ url: string; count: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    count += 1;
    if (count <= failures) return void res.writeHead(status).end('{"error":"gone for a while"}');
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ compute: { vmId: 'vm-after-retry' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count };
}

describe('createAzureBackend', () => {
  let emulator: RunningEmulator;

  before(async () => {
    emulator = await startEmulator({ provider: 'azure' });
    closers.push(() => emulator.close());
  });

  it('flattens /instance: objects by name, arrays by index', async () => {
    const values = await createBackend(emulator).getValues(['/instance']);
    assert.equal(values.get('/instance/compute/vmId'), '02aab8a4-74ef-476e-8182-f6d2ba4166a6');
    assert.equal(values.get(address), '10.144.133.132');
    assert.equal(values.get('/instance/compute/tagsList/1/name'), 'foo');
    assert.equal(values.get('/instance/compute/publicKeys/0/keyData'), 'ssh-rsa 0');
    assert.equal(values.get('/instance/compute/zone'), '1');
    assert.ok([...values.keys()].every((key) => key.startsWith('/instance/')));
  });

  it('keeps only the keys under the requested prefixes, a leaf prefix included', async () => {
    const values = await createBackend(emulator).getValues([
      '/instance/compute/vmId',
      '/instance/network/',
    ]);
    assert.equal(values.get('/instance/compute/vmId'), '02aab8a4-74ef-476e-8182-f6d2ba4166a6');
    assert.equal(values.get(address), '10.144.133.132');
    assert.equal(values.has('/instance/compute/location'), false);
    assert.equal(values.has('/instance/compute/vmIdentity'), false);
  });

  it('sends one request per top level however many prefixes, then serves from the cache', async () => {
    emulator.resetRequests();
    const backend = createBackend(emulator);
    const prefixes = [
      '/instance/compute/vmId',
      '/instance/compute/location',
      '/instance/network',
      '/versions',
      '/scheduledevents',
    ];
    await Promise.all([backend.getValues(prefixes), backend.getValues(prefixes)]);
    await backend.getValues(['/instance/compute/name']);
    const paths = emulator.requests.map((request) => request.path).sort();
    assert.deepEqual(paths, [
      '/metadata/instance?api-version=2023-07-01',
      '/metadata/scheduledevents?api-version=2020-07-01',
      '/metadata/versions',
    ]);
    assert.equal(backend.cacheStats().hits > 0, true);
  });

  it('reads every top level for /, and an unknown top level gives no values', async () => {
    const backend = createBackend(emulator);
    const values = await backend.getValues(['/']);
    assert.equal(values.get('/versions/apiVersions/0'), '2017-03-01');
    assert.equal(values.get('/scheduledevents/Events/0/EventType'), 'Reboot');
    assert.equal(
      values.get('/loadbalancer/loadbalancer/publicIpAddresses/0/frontendIpAddress'),
      '51.0.0.1',
    );
    assert.equal((await backend.getValues(['/nothing/here'])).size, 0);
  });

  it('explains a 400: quotes Azure and names the api-version it refused', async () => {
    const backend = createBackend(emulator, { apiVersion: '2099-01-01' });
    await assert.rejects(backend.getValues(['/instance']), (err: unknown) => {
      assert.ok(err instanceof BackendError);
      assert.equal(err.code, 'BACKEND_BAD_RESPONSE');
      assert.equal(err.status, 400);
      assert.match(err.message, /api-version is invalid or was not specified/);
      assert.match(err.message, /does not accept api-version "2099-01-01"/);
      assert.match(err.message, /newest: 2023-07-01/);
      assert.match(err.message, /\/metadata\/instance\?api-version=2099-01-01/);
      return true;
    });
  });

  it('retries the 500s the emulator injects', async () => {
    // Every request fails until the first 500 has been seen: deterministic, unlike a random rate.
    const faulty = await startEmulator({ provider: 'azure', errorRate: 1 });
    closers.push(() => faulty.close());
    const events: RequestEvent[] = [];
    const backend = createBackend(faulty, {
      retry: patientRetry,
      onRequest: (event) => {
        events.push(event);
        if (event.status === 500) faulty.setFaults({ errorRate: 0 });
      },
    });
    const values = await backend.getValues(['/']);
    assert.equal(values.get(address), '10.144.133.132');
    assert.ok(events.some((event) => event.status === 500 && event.error === 'status_5xx'));
  });

  for (const status of [410, 429]) {
    it(`retries ${status} until the service answers`, async () => {
      const flaky = await startFlakyServer(status, 2);
      const values = await createBackend(flaky, { retry: patientRetry }).getValues(['/instance']);
      assert.equal(values.get('/instance/compute/vmId'), 'vm-after-retry');
      assert.equal(flaky.count(), 3);
    });
  }

  it('does not retry other 4xx statuses', async () => {
    const flaky = await startFlakyServer(403, 1);
    await assert.rejects(createBackend(flaky, { retry: patientRetry }).getValues(['/instance']), {
      code: 'BACKEND_BAD_RESPONSE',
      status: 403,
    });
    assert.equal(flaky.count(), 1);
  });

  it('throws BACKEND_UNREACHABLE when nothing listens, and health says why', async () => {
    const closed = await startFlakyServer(200, 0);
    const url = closed.url;
    await closers.pop()?.();
    const backend = createBackend({ url }, { retry: { retries: 1, sleep: async () => undefined } });
    await assert.rejects(backend.getValues(['/instance']), { code: 'BACKEND_UNREACHABLE' });
    const health = await backend.health();
    assert.equal(health.ok, false);
    assert.match(health.reason ?? '', /\/metadata\/versions/);
  });

  it('health is ok against the emulator', async () => {
    assert.deepEqual(await createBackend(emulator).health(), { ok: true });
  });

  it('reports a body that is not JSON by length and position, without its text', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200).end('{"password":'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await assert.rejects(createBackend({ url }).getValues(['/versions']), (err: unknown) => {
      assert.ok(err instanceof BackendError);
      assert.equal(err.code, 'BACKEND_BAD_RESPONSE');
      assert.equal(
        err.message,
        `GET ${url}/metadata/versions answered a body that is not JSON (12 characters)`,
      );
      assert.equal(err.cause, undefined);
      return true;
    });
  });
});
