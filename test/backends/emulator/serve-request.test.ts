import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { FaultInjector } from '../../../backends/emulator/fault-injection.js';
import type { ProviderRoutes } from '../../../backends/emulator/provider-routes.js';
import { createRequestLog } from '../../../backends/emulator/request-log.js';
import { serveRequest } from '../../../backends/emulator/serve-request.js';

// A promise and the function that resolves it.
function createLatch(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

// Set by /wait: resolves when the route got the request, and when its signal aborted.
const waits = { arrived: createLatch(), released: createLatch() };

// Routes that answer /ok, wait on /wait until the client goes, and fail on anything else, the
// way a route with a bug would.
const routes: ProviderRoutes = {
  handle: (request) => {
    if (request.url === '/ok') return { status: 200, body: 'fine' };
    if (request.url === '/wait') {
      waits.arrived.resolve();
      return new Promise((resolve) =>
        request.signal?.addEventListener('abort', () => {
          waits.released.resolve();
          resolve({ status: 200, body: 'too late' });
        }),
      );
    }
    throw new Error(`no route for ${request.url}`);
  },
  renderStatus: (status) => ({ status, headers: { 'X-Page': 'error' }, body: `status ${status}` }),
  close: () => Promise.resolve(),
};

describe('serveRequest', () => {
  const warnings: string[] = [];
  const requests = createRequestLog();
  const closing = new AbortController();
  let server: Server;
  let url = '';
  before(async () => {
    server = createServer((req, res) => {
      void serveRequest({
        req,
        res,
        routes,
        faults: new FaultInjector({}),
        requests,
        signal: closing.signal,
        onWarning: (message) => warnings.push(message),
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    closing.abort();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a failing route with the provider 500 and reports it', async () => {
    const response = await fetch(`${url}/broken?x=1`);
    assert.equal(response.status, 500);
    assert.equal(response.headers.get('x-page'), 'error');
    assert.equal(await response.text(), 'status 500');
    assert.deepEqual(warnings, [
      'emulator: GET /broken?x=1 failed, answered 500: no route for /broken?x=1',
    ]);
    assert.deepEqual(requests.entries.at(-1), { method: 'GET', path: '/broken?x=1', status: 500 });
  });

  it('aborts the route signal when the client goes away', async () => {
    const warned = warnings.length;
    const client = new AbortController();
    const request = fetch(`${url}/wait`, { signal: client.signal }).catch(() => undefined);
    await waits.arrived.promise;
    client.abort();
    await request;
    await waits.released.promise;
    assert.equal(warnings.length, warned, 'a client going away is no route failure');
  });

  it('answers a working route as it says', async () => {
    const response = await fetch(`${url}/ok`);
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'fine');
    assert.deepEqual(requests.entries.at(-1), { method: 'GET', path: '/ok', status: 200 });
  });
});
