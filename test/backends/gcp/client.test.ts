import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { createGcpBackend, type GcpBackend } from '../../../backends/gcp/client.js';
import { BackendError } from '../../../src/errors.js';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

function createBackend(endpoint: string, cacheTtlMs = 60_000): GcpBackend {
  const backend = createGcpBackend({ endpoint, cacheTtlMs, retry: { retries: 0 } });
  closers.push(() => backend.close());
  return backend;
}

describe('createGcpBackend against the emulator', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'gcp' });
    closers.push(() => emulator.close());
  });

  it('fetches each top-level directory with one recursive request, under URL names', async () => {
    emulator.resetRequests();
    const values = await createBackend(emulator.url).getValues(['/']);
    assert.deepEqual(emulator.requests.map((request) => request.path).sort(), [
      '/computeMetadata/v1/instance/?recursive=true&alt=json',
      '/computeMetadata/v1/project/?recursive=true&alt=json',
    ]);
    assert.equal(values.get('/instance/id'), '5775171277418378123');
    assert.equal(
      values.get('/instance/machine-type'),
      'projects/708288290784/machineTypes/e2-standard-4',
    );
    assert.equal(
      values.get('/instance/network-interfaces/0/access-configs/0/external-ip'),
      '34.69.160.1',
    );
    assert.equal(values.get('/instance/attributes/enable-oslogin'), 'false');
    assert.equal(
      values.get('/instance/service-accounts/default/email'),
      'metadata-sa@srashid-test2.iam.gserviceaccount.com',
    );
    assert.equal(
      values.get(
        '/instance/service-accounts/metadata-sa@srashid-test2.iam.gserviceaccount.com/scopes/0',
      ),
      'https://www.googleapis.com/auth/cloud-platform',
    );
    assert.equal(values.get('/instance/tags/1'), 'tag2');
    assert.equal(values.get('/instance/network-interfaces/0/mtu'), '1460');
    assert.equal(values.get('/project/numeric-project-id'), '708288290784');
    assert.equal(values.get('/project/project-id'), 'srashid-test2');
    // The built-in data has no user key with capitals: every camelCase name was mapped.
    assert.deepEqual(
      [...values.keys()].filter((key) => /[A-Z]/.test(key)),
      [],
    );
  });

  it('returns only the keys under the prefixes, and reuses the cached directory', async () => {
    const backend = createBackend(emulator.url);
    emulator.resetRequests();
    const zone = await backend.getValues(['/instance/zone']);
    assert.deepEqual([...zone], [['/instance/zone', 'projects/708288290784/zones/us-central1-a']]);
    const scheduling = await backend.getValues(['/instance/scheduling/']);
    assert.deepEqual([...scheduling.keys()].sort(), [
      '/instance/scheduling/automatic-restart',
      '/instance/scheduling/on-host-maintenance',
      '/instance/scheduling/preemptible',
    ]);
    assert.equal(emulator.requests.length, 1);
    assert.deepEqual(backend.cacheStats(), { hits: 1, misses: 1, entries: 1, ttlMs: 60_000 });
  });

  it('shares one request among concurrent reads of a directory', async () => {
    const backend = createBackend(emulator.url);
    emulator.resetRequests();
    await Promise.all([backend.getValues(['/instance/id']), backend.getValues(['/instance/name'])]);
    assert.equal(emulator.requests.length, 1);
  });

  it('gives no keys for a top-level directory the server does not have', async () => {
    const values = await createBackend(emulator.url).getValues(['/nothing-here/x']);
    assert.equal(values.size, 0);
  });

  it('reports health from a listing', async () => {
    assert.deepEqual(await createBackend(emulator.url).health(), { ok: true });
  });
});

describe('createGcpBackend against something other than the metadata server', () => {
  let url: string;
  before(async () => {
    // Answers like a GCE metadata server would, but without `Metadata-Flavor: Google`.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: 'abc' });
      res.end('{"id":1}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  });

  it('rejects an answer without Metadata-Flavor: Google, naming the URL', async () => {
    await assert.rejects(createBackend(url).getValues(['/instance/id']), (err: unknown) => {
      assert.ok(err instanceof BackendError);
      assert.equal(err.code, 'BACKEND_BAD_RESPONSE');
      assert.equal(err.url, `${url}/computeMetadata/v1/instance/?recursive=true&alt=json`);
      assert.match(
        err.message,
        /without "Metadata-Flavor: Google" \(got no such header\): something other than the GCE metadata server answered/,
      );
      return true;
    });
  });

  it('rejects a 404 without Metadata-Flavor: Google rather than reading it as no directory', async () => {
    const server = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const foreign = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await assert.rejects(createBackend(foreign).getValues(['/instance/id']), (err: unknown) => {
      assert.ok(err instanceof BackendError);
      assert.equal(err.code, 'BACKEND_BAD_RESPONSE');
      assert.equal(err.status, 404);
      assert.equal(
        err.message,
        `GET ${foreign}/computeMetadata/v1/instance/?recursive=true&alt=json answered 404 without "Metadata-Flavor: Google" (got no such header): something other than the GCE metadata server answered at that URL`,
      );
      return true;
    });
  });

  it('reports a body that is not JSON by length and position, without its text', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'Metadata-Flavor': 'Google' }).end('{"secret": hunter2}'),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const flavored = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await assert.rejects(createBackend(flavored).getValues(['/instance/id']), {
      code: 'BACKEND_BAD_RESPONSE',
      message: `GET ${flavored}/computeMetadata/v1/instance/?recursive=true&alt=json: the recursive answer is not JSON: JSON: expected a value at position 11 of 19 characters`,
    });
  });

  it('reports that as unhealthy', async () => {
    const health = await createBackend(url).health();
    assert.equal(health.ok, false);
    assert.match(health.reason ?? '', /Metadata-Flavor/);
  });
});
