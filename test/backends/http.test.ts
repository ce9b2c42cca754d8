import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';

import { createHttpClient } from '../../backends/http.js';
import type { HttpClientOptions, RequestEvent } from '../../backends/http.js';
import { computeBackoffMs, resolveRetryPolicy } from '../../backends/http-retry.js';
import { BackendError } from '../../src/errors.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface TestServer {
  url: string;
  requests: number;
  connections: number;
  close(): Promise<void>;
}

// A server whose n-th request (0-based) is answered by handlers[n], the last handler after that.
async function startServer(handlers: Handler[]): Promise<TestServer> {
  const state = { requests: 0, connections: 0 };
  const server = http.createServer((req, res) => {
    const handler = handlers[Math.min(state.requests, handlers.length - 1)];
    state.requests += 1;
    handler?.(req, res);
  });
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const answer =
  (status: number, body = ''): Handler =>
  (_req, res) =>
    res.writeHead(status).end(body);

// A port nothing listens on: bind one, then let it go.
async function findClosedPort(): Promise<number> {
  const server = await startServer([answer(200)]);
  await server.close();
  return Number(new URL(server.url).port);
}

// A client that never sleeps between retries and records its events.
function createTestClient(options: HttpClientOptions = {}) {
  const events: RequestEvent[] = [];
  const delays: number[] = [];
  const client = createHttpClient({
    ...options,
    retry: { random: () => 0.5, sleep: async (ms) => void delays.push(ms), ...options.retry },
    onRequest: (event) => events.push(event),
  });
  return { client, events, delays };
}

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));
async function serve(handlers: Handler[]): Promise<TestServer> {
  const server = await startServer(handlers);
  servers.push(server);
  return server;
}

describe('createHttpClient', () => {
  it('retries 500 until it gets 200, with growing jittered backoff', async () => {
    const server = await serve([answer(500), answer(500), answer(200, 'ok')]);
    const { client, events, delays } = createTestClient();
    const response = await client.request({ url: `${server.url}/a`, operation: 'get' });
    assert.equal(response.body, 'ok');
    assert.equal(server.requests, 3);
    assert.deepEqual(delays, [50, 100]);
    assert.deepEqual(
      events.map((event) => [event.attempt, event.status, event.error]),
      [
        [1, 500, 'status_5xx'],
        [2, 500, 'status_5xx'],
        [3, 200, undefined],
      ],
    );
    client.close();
  });

  it('retries 429 as throttled', async () => {
    const server = await serve([answer(429), answer(200, 'ok')]);
    const { client, events } = createTestClient();
    assert.equal((await client.request({ url: server.url, operation: 'get' })).body, 'ok');
    assert.equal(events[0]?.error, 'throttled');
    client.close();
  });

  it('gives up after the retries with BACKEND_BAD_RESPONSE naming URL and status', async () => {
    const server = await serve([answer(503)]);
    const { client } = createTestClient({ retry: { retries: 2 } });
    const url = `${server.url}/latest/meta-data/`;
    await assert.rejects(client.request({ url, operation: 'get' }), (err: BackendError) => {
      assert.equal(err.code, 'BACKEND_BAD_RESPONSE');
      assert.equal(err.status, 503);
      assert.equal(err.url, url);
      assert.equal(err.message, `GET ${url} answered 503 after 3 attempts`);
      return true;
    });
    assert.equal(server.requests, 3);
    client.close();
  });

  for (const status of [401, 403, 501]) {
    it(`does not retry ${status}`, async () => {
      const server = await serve([answer(status)]);
      const { client } = createTestClient();
      await assert.rejects(client.request({ url: server.url, operation: 'get' }), {
        code: 'BACKEND_BAD_RESPONSE',
        status,
      });
      assert.equal(server.requests, 1);
      client.close();
    });
  }

  it('maps 404 to BACKEND_NOT_FOUND without retrying and without an error reason', async () => {
    const server = await serve([answer(404)]);
    const { client, events } = createTestClient();
    await assert.rejects(client.request({ url: `${server.url}/nope`, operation: 'get' }), {
      code: 'BACKEND_NOT_FOUND',
      message: `GET ${server.url}/nope answered 404: no such key`,
    });
    assert.equal(server.requests, 1);
    assert.equal(events[0]?.error, undefined);
    client.close();
  });

  it('resolves a 404 that acceptStatus accepts, so its headers can be read', async () => {
    const server = await serve([answer(404, 'gone')]);
    const { client } = createTestClient();
    const response = await client.request({
      url: server.url,
      operation: 'get',
      acceptStatus: (status) => status === 404,
    });
    assert.equal(response.status, 404);
    assert.equal(response.body, 'gone');
    client.close();
  });

  it('retries a refused connection, then fails with BACKEND_UNREACHABLE', async () => {
    const url = `http://127.0.0.1:${await findClosedPort()}/latest/api/token`;
    const { client, events } = createTestClient();
    await assert.rejects(client.request({ url, method: 'PUT', operation: 'token' }), {
      code: 'BACKEND_UNREACHABLE',
      message: `PUT ${url} failed: refused (ECONNREFUSED) after 4 attempts`,
    });
    assert.deepEqual(
      events.map((event) => event.error),
      ['refused', 'refused', 'refused', 'refused'],
    );
    client.close();
  });

  it('times out an attempt that gets no answer and retries it', async () => {
    const server = await serve([() => undefined, answer(200, 'late but fine')]);
    const { client, events } = createTestClient({ timeoutMs: 100 });
    const response = await client.request({ url: server.url, operation: 'get' });
    assert.equal(response.body, 'late but fine');
    assert.equal(events[0]?.error, 'timeout');
    client.close();
  });

  it('fails with BACKEND_UNREACHABLE when every attempt times out', async () => {
    const server = await serve([() => undefined]);
    const { client } = createTestClient({ timeoutMs: 50, retry: { retries: 1 } });
    await assert.rejects(client.request({ url: server.url, operation: 'get' }), {
      code: 'BACKEND_UNREACHABLE',
      message: /failed: timeout .* after 2 attempts$/,
    });
    client.close();
  });

  it('retries a connection reset', async () => {
    const server = await serve([(req) => req.socket.destroy(), answer(200, 'ok')]);
    const { client, events } = createTestClient();
    assert.equal((await client.request({ url: server.url, operation: 'get' })).body, 'ok');
    assert.equal(events[0]?.error, 'reset');
    client.close();
  });

  it('stops retrying once the time budget is spent', async () => {
    const server = await serve([answer(500)]);
    const { client } = createTestClient({ retry: { retries: 10, budgetMs: 0 } });
    await assert.rejects(client.request({ url: server.url, operation: 'get' }), {
      code: 'BACKEND_BAD_RESPONSE',
    });
    assert.equal(server.requests, 1);
    client.close();
  });

  it("throws the caller's abort reason and does not retry", async () => {
    const controller = new AbortController();
    const server = await serve([() => controller.abort(new Error('shutting down'))]);
    const { client } = createTestClient();
    await assert.rejects(
      client.request({ url: server.url, operation: 'get', signal: controller.signal }),
      /shutting down/,
    );
    assert.equal(server.requests, 1);
    client.close();
  });

  it('sends method and headers, returns status, headers and body', async () => {
    const server = await serve([
      (req, res) =>
        res
          .writeHead(200, { 'x-echo': String(req.headers['x-test']) })
          .end(`${req.method} ${req.url}`),
    ]);
    const { client } = createTestClient();
    const response = await client.request({
      url: `${server.url}/latest/api/token`,
      method: 'PUT',
      headers: { 'x-test': 'yes' },
      operation: 'token',
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers['x-echo'], 'yes');
    assert.equal(response.body, 'PUT /latest/api/token');
    client.close();
  });

  it('reuses one keep-alive connection for sequential requests', async () => {
    const server = await serve([answer(200, 'ok')]);
    const { client } = createTestClient();
    for (let i = 0; i < 5; i += 1) await client.request({ url: server.url, operation: 'get' });
    assert.equal(server.connections, 1);
    client.close();
    client.close();
  });

  it('keeps at most maxSockets requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await serve([
      (_req, res) => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          res.end('ok');
        }, 10);
      },
    ]);
    const { client } = createTestClient({ maxSockets: 3 });
    const requests = Array.from({ length: 12 }, () =>
      client.request({ url: server.url, operation: 'get' }),
    );
    assert.equal((await Promise.all(requests)).length, 12);
    assert.equal(peak, 3);
    client.close();
  });
});

describe('computeBackoffMs', () => {
  it('doubles the ceiling on each retry up to the maximum', () => {
    const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 });
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((retry) => computeBackoffMs(retry, policy)),
      [99, 199, 399, 799, 999, 999],
    );
    assert.equal(computeBackoffMs(3, { ...policy, random: () => 0 }), 0);
  });
});
