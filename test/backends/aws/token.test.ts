import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';

import { createTokenSource } from '../../../backends/aws/token.js';
import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { createHttpClient } from '../../../backends/http.js';

const client = createHttpClient({ retry: { retries: 0 } });
let emulator: RunningEmulator;

before(async () => {
  emulator = await startEmulator({ provider: 'aws' });
});
after(async () => {
  client.close();
  await emulator.close();
});

const tokenPuts = (): number =>
  emulator.requests.filter((request) => request.method === 'PUT').length;

// A token source over the emulator with a clock the test moves by hand.
function createTestSource(ttlSeconds?: number) {
  const clock = { now: 1_000_000 };
  emulator.resetRequests();
  const source = createTokenSource({
    http: client,
    endpoint: emulator.url,
    ...(ttlSeconds === undefined ? {} : { ttlSeconds }),
    clock: () => clock.now,
  });
  return { source, clock };
}

describe('createTokenSource', () => {
  it('fetches a token once and reuses it', async () => {
    const { source } = createTestSource();
    const first = await source.get();
    assert.ok(first.length > 0);
    assert.equal(await source.get(), first);
    assert.equal(tokenPuts(), 1);
  });

  it('shares one PUT among concurrent callers', async () => {
    const { source } = createTestSource();
    const tokens = await Promise.all(Array.from({ length: 5 }, () => source.get()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(tokenPuts(), 1);
  });

  it('refreshes 60 s before a six-hour token expires', async () => {
    const { source, clock } = createTestSource();
    const first = await source.get();
    clock.now += 21_540_000 - 1;
    assert.equal(await source.get(), first);
    clock.now += 1;
    assert.notEqual(await source.get(), first);
    assert.equal(tokenPuts(), 2);
  });

  it('uses the shorter TTL the service grants, with a 10% margin', async () => {
    emulator.setFaults({ tokenTtlCapSeconds: 100 });
    try {
      const { source, clock } = createTestSource();
      const first = await source.get();
      clock.now += 89_999;
      assert.equal(await source.get(), first);
      clock.now += 1;
      assert.notEqual(await source.get(), first);
    } finally {
      emulator.setFaults({ tokenTtlCapSeconds: undefined });
    }
  });

  it('drops only the token it is told is stale', async () => {
    const { source } = createTestSource();
    const first = await source.get();
    source.invalidate('some other token');
    assert.equal(await source.get(), first);
    source.invalidate(first);
    assert.notEqual(await source.get(), first);
    assert.equal(tokenPuts(), 2);
  });

  it('reports a TTL the service refuses as a bad response', async () => {
    const { source } = createTestSource(0);
    await assert.rejects(source.get(), {
      code: 'BACKEND_BAD_RESPONSE',
      status: 400,
      message: `PUT ${emulator.url}/latest/api/token answered 400`,
    });
  });

  it('sends the requested TTL and explains a 404 from the token endpoint', async () => {
    const ttlHeaders: (string | undefined)[] = [];
    const server = http.createServer((req, res) => {
      ttlHeaders.push(req.headers['x-aws-ec2-metadata-token-ttl-seconds'] as string | undefined);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const source = createTokenSource({ http: client, endpoint: url, ttlSeconds: 300 });
      await assert.rejects(source.get(), {
        code: 'BACKEND_BAD_RESPONSE',
        message: `PUT ${url}/latest/api/token answered 404: this endpoint does not offer IMDSv2 session tokens`,
      });
      assert.deepEqual(ttlHeaders, ['300']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
