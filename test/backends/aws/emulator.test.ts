import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { getToken, imdsRequest } from './imds-requests.js';

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
