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

describe('AWS IMDS emulator: paths and methods', () => {
  let emulator: RunningEmulator;
  let token: string;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws' });
    token = await getToken(emulator.url);
  });
  after(() => emulator.close());

  const cases = [
    { name: 'version list', path: '/', body: /(^|\n)latest$/ },
    { name: 'version root', path: '/latest/', body: /^dynamic\nmeta-data\nuser-data$/ },
    { name: 'directory ends with /', path: '/latest/meta-data/', body: /(^|\n)placement\/\n/ },
    {
      name: 'directory without slash',
      path: '/latest/meta-data/placement',
      body: /^availability-zone\n/,
    },
    {
      name: 'public keys list N=name',
      path: '/latest/meta-data/public-keys/',
      body: /^0=my-key-name$/,
    },
    {
      name: 'public key N addresses N=name',
      path: '/latest/meta-data/public-keys/0/',
      body: /^openssh-key$/,
    },
    {
      name: 'public key value',
      path: '/latest/meta-data/public-keys/0/openssh-key',
      body: /^ssh-rsa \S+ test$/,
    },
    {
      name: 'multi-line leaf',
      path: '/latest/meta-data/security-groups',
      body: /^ura-launch-wizard-harry-1\nssh-from-bastion$/,
    },
    { name: 'tags', path: '/latest/meta-data/tags/instance/', body: /^Name\nTest$/ },
    { name: '// collapsed', path: '//latest//meta-data///instance-type', body: /^m4\.xlarge$/ },
    {
      name: 'dated version',
      path: '/2021-03-23/meta-data/instance-id',
      body: /^i-1234567890abcdef0$/,
    },
    {
      name: 'pretty JSON leaf',
      path: '/latest/meta-data/iam/info',
      body: /^\{\n {2}"Code" : "Success",\n/,
    },
    {
      name: 'identity document',
      path: '/latest/dynamic/instance-identity/document',
      body: /\n {2}"region" : "us-east-1"\n\}$/,
    },
    {
      name: 'role listing',
      path: '/latest/meta-data/iam/security-credentials/',
      body: /^baskinc-role$/,
    },
    { name: 'user data', path: '/latest/user-data', body: /^MTIzNCxqb2huLHJlYm9vdCx0cnVlCg==$/ },
  ];
  for (const { name, path, body } of cases) {
    it(`serves ${name}: GET ${path}`, async () => {
      const answer = await imdsRequest(emulator.url, path, token);
      assert.equal(answer.status, 200, answer.body);
      assert.match(answer.body, body);
      assert.ok(!answer.body.endsWith('\n'), 'no trailing newline');
    });
  }

  for (const path of [
    '/latest/meta-data/nope',
    '/latest/meta-data/public-keys/1/',
    '/v9/meta-data/',
    '/latest/meta-data/instance-id/x',
  ]) {
    it(`answers 404 with the IMDS error page: GET ${path}`, async () => {
      const answer = await imdsRequest(emulator.url, path, token);
      assert.equal(answer.status, 404);
      assert.match(answer.body, /<title>404 - Not Found<\/title>/);
    });
  }

  it('answers HEAD with the headers of GET and no body', async () => {
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/instance-id', token, 'HEAD');
    assert.equal(answer.status, 200);
    assert.equal(answer.body, '');
    assert.equal(answer.headers.get('content-length'), String('i-1234567890abcdef0'.length));
  });

  for (const method of ['POST', 'PUT', 'DELETE']) {
    it(`answers 405 to ${method} on metadata`, async () => {
      const answer = await imdsRequest(emulator.url, '/latest/meta-data/', token, method);
      assert.equal(answer.status, 405);
    });
  }

  it('records every request with method, path as received and status', async () => {
    emulator.resetRequests();
    await imdsRequest(emulator.url, '//latest/meta-data/?x=1', token);
    await imdsRequest(emulator.url, '/latest/meta-data/missing', token);
    assert.deepEqual(emulator.requests, [
      { method: 'GET', path: '//latest/meta-data/?x=1', status: 200 },
      { method: 'GET', path: '/latest/meta-data/missing', status: 404 },
    ]);
  });
});

describe('AWS IMDS emulator: imdsv1 and user data absent', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws', imdsv1: true });
  });
  after(() => emulator.close());

  it('serves GETs without a token, and still issues tokens', async () => {
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/local-ipv4');
    assert.deepEqual([answer.status, answer.body], [200, '172.16.34.43']);
    const withToken = await imdsRequest(
      emulator.url,
      '/latest/meta-data/local-ipv4',
      await getToken(emulator.url),
    );
    assert.equal(withToken.status, 200);
  });
});

describe('AWS IMDS emulator: fault injection', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws', imdsv1: true, errorRate: 1 });
  });
  after(() => emulator.close());

  it('answers 500 to every request, the token PUT included, with errorRate 1', async () => {
    assert.equal((await putToken(emulator.url)).status, 500);
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/instance-id');
    assert.equal(answer.status, 500);
    assert.match(answer.body, /500 - Internal Server Error/);
  });

  it('answers 429 beyond throttleRps requests in one second', async () => {
    emulator.setFaults({ errorRate: 0, throttleRps: 2 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => imdsRequest(emulator.url, '/latest/meta-data/instance-id')),
    );
    emulator.setFaults({ throttleRps: undefined });
    const statuses = answers.map((answer) => answer.status);
    // Exact counting is unit-tested with a clock; here the burst may straddle a second boundary.
    assert.ok(statuses.filter((status) => status === 200).length >= 2, statuses.join(','));
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(statuses.every((status) => status === 200 || status === 429));
    assert.match(
      answers.find((answer) => answer.status === 429)?.body ?? '',
      /429 - Too Many Requests/,
    );
    assert.equal((await imdsRequest(emulator.url, '/latest/meta-data/instance-id')).status, 200);
  });

  // A lower bound only: timers never fire much early, however slow the machine.
  it('delays answers, the token PUT included, by at least latencyMs', async () => {
    emulator.setFaults({ latencyMs: 200 });
    const started = performance.now();
    const token = await putToken(emulator.url);
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/instance-id');
    const elapsed = performance.now() - started;
    emulator.setFaults({ latencyMs: 0 });
    assert.deepEqual([token.status, answer.status], [200, 200]);
    assert.ok(elapsed >= 2 * 200 - 5, `two requests took ${elapsed} ms`);
  });

  it('rejects invalid faults with a message naming the option', () => {
    assert.throws(() => emulator.setFaults({ errorRate: 2 }), /errorRate \(--error-rate\).*got 2/);
  });
});
