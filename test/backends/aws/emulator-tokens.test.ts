import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { getToken, imdsRequest, putToken } from './imds-requests.js';

describe('AWS IMDS emulator: tokens', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws' });
  });
  after(() => emulator.close());

  const ttlCases = [
    { name: 'lowest TTL', ttl: '1', status: 200 },
    { name: 'highest TTL', ttl: '21600', status: 200 },
    { name: 'zero', ttl: '0', status: 400 },
    { name: 'above the maximum', ttl: '21601', status: 400 },
    { name: 'not a number', ttl: 'ten', status: 400 },
    { name: 'negative', ttl: '-5', status: 400 },
  ];
  for (const { name, ttl, status } of ttlCases) {
    it(`answers ${status} to a token PUT with TTL ${ttl} (${name})`, async () => {
      const answer = await putToken(emulator.url, { 'X-aws-ec2-metadata-token-ttl-seconds': ttl });
      assert.equal(answer.status, status);
      if (status === 200) {
        assert.equal(answer.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), ttl);
        assert.equal(answer.headers.get('content-type'), 'text/plain');
        assert.match(answer.body, /^\S{20,}$/);
      }
    });
  }

  it('answers 400 to a token PUT without the TTL header', async () => {
    assert.equal((await putToken(emulator.url, {})).status, 400);
  });

  it('answers 403 to a token PUT that carries X-Forwarded-For', async () => {
    const answer = await putToken(emulator.url, {
      'X-aws-ec2-metadata-token-ttl-seconds': '60',
      'X-Forwarded-For': '203.0.113.9',
    });
    assert.equal(answer.status, 403);
  });

  it('issues a different token each time', async () => {
    assert.notEqual(await getToken(emulator.url), await getToken(emulator.url));
  });

  it('answers 401 without a token and with an unknown one, 200 with a valid one', async () => {
    const path = '/latest/meta-data/instance-id';
    assert.equal((await imdsRequest(emulator.url, path)).status, 401);
    assert.equal((await imdsRequest(emulator.url, path, 'not-a-token')).status, 401);
    const valid = await imdsRequest(emulator.url, path, await getToken(emulator.url));
    assert.deepEqual([valid.status, valid.body], [200, 'i-1234567890abcdef0']);
  });

  it('caps the granted TTL with tokenTtlCapSeconds; the token then expires', async () => {
    emulator.setFaults({ tokenTtlCapSeconds: 1 });
    const answer = await putToken(emulator.url);
    emulator.setFaults({ tokenTtlCapSeconds: undefined });
    assert.equal(answer.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '1');
    const path = '/latest/meta-data/instance-id';
    assert.equal((await imdsRequest(emulator.url, path, answer.body)).status, 200);
    await sleep(1100);
    assert.equal((await imdsRequest(emulator.url, path, answer.body)).status, 401);
    const uncapped = await putToken(emulator.url);
    assert.equal(uncapped.headers.get('x-aws-ec2-metadata-token-ttl-seconds'), '21600');
  });

  it('answers 405 to GET on the token path', async () => {
    assert.equal((await imdsRequest(emulator.url, '/latest/api/token')).status, 405);
  });
});

describe('AWS IMDS emulator: close', () => {
  it('closes with keep-alive connections open, and again without error', async () => {
    const emulator = await startEmulator({ provider: 'aws' });
    await getToken(emulator.url);
    await emulator.close();
    await emulator.close();
    await assert.rejects(fetch(`${emulator.url}/`));
  });
});
