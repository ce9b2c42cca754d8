import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { createMetrics } from '../../src/http/metrics.js';
import { startStatusServer, type StatusServer } from '../../src/http/server.js';
import { parseStatusAddress } from '../../src/http/status-address.js';
import { DaemonStatus } from '../../src/http/status.js';
import { createSilentLogger } from '../../src/log.js';

const logger = createSilentLogger();
const servers: StatusServer[] = [];
after(() => Promise.all(servers.map((server) => server.close())));

async function start(address: string): Promise<StatusServer> {
  const metrics = createMetrics({ version: '1.0.0', provider: 'aws' });
  const status = new DaemonStatus({ secrets: logger.secrets });
  const server = await startStatusServer({ address, metrics, status, logger });
  servers.push(server);
  return server;
}

describe('parseStatusAddress', () => {
  const cases = [
    { address: '127.0.0.1:9100', expected: { host: '127.0.0.1', port: 9100 } },
    { address: ':9100', expected: { port: 9100 } },
    { address: '[::1]:9100', expected: { host: '::1', port: 9100 } },
    { address: 'localhost:0', expected: { host: 'localhost', port: 0 } },
  ];
  for (const { address, expected } of cases)
    it(`reads ${address}`, () => assert.deepEqual(parseStatusAddress(address), expected));

  for (const address of ['9100', '127.0.0.1', '127.0.0.1:99999', '::1:9100', 'host:port', ''])
    it(`refuses "${address}", naming it`, () =>
      assert.throws(
        () => parseStatusAddress(address),
        (err: unknown) =>
          err instanceof ConfigError &&
          err.code === 'CONFD_CONFIG' &&
          err.message.includes(`got "${address}"`),
      ));
});

describe('startStatusServer', () => {
  it('binds exactly the given address: loopback, every interface, IPv6 loopback', async () => {
    assert.match((await start('127.0.0.1:0')).url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match((await start(':0')).url, /^http:\/\/(\[::\]|0\.0\.0\.0):\d+$/);
    const v6 = await start('[::1]:0');
    assert.match(v6.url, /^http:\/\/\[::1\]:\d+$/);
    assert.equal((await fetch(`${v6.url}/ready`)).status, 503);
  });

  it('refuses a port in use with a ConfigError naming the address', async () => {
    const taken = new URL((await start('127.0.0.1:0')).url).port;
    await assert.rejects(start(`127.0.0.1:${taken}`), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(
        err.message,
        new RegExp(`--metrics-addr 127\\.0\\.0\\.1:${taken}: cannot listen: .*EADDRINUSE`),
      );
      return true;
    });
  });

  it('routes GET and HEAD; 404 for other paths, 405 with Allow for other methods', async () => {
    const { url } = await start('127.0.0.1:0');
    const metrics = await fetch(`${url}/metrics?debug=1`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^# HELP /);
    const head = await fetch(`${url}/metrics`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    const missing = await fetch(`${url}/nope`);
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { status: 'not found', path: '/nope' });
    const post = await fetch(`${url}/health`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
  });

  it('answers /health 503 before any contact when it has nothing to probe', async () => {
    const response = await fetch(`${(await start('127.0.0.1:0')).url}/health`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), {
      status: 'unhealthy',
      reason: 'no contact with the metadata service yet',
    });
  });

  it('closes idempotently, dropping keep-alive connections', async () => {
    const server = await start('127.0.0.1:0');
    assert.equal((await fetch(`${server.url}/ready`)).status, 503);
    await Promise.all([server.close(), server.close()]);
    await server.close();
    await assert.rejects(fetch(`${server.url}/ready`));
  });
});
