import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseAwsDataJson } from '../../../backends/aws/emulator-data.js';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { imdsRequest } from './imds-requests.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-data-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const dataFile = {
  'meta-data': {
    'instance-id': 'i-0file',
    'ami-launch-index': 3,
    'spot-enabled': false,
    'security-groups': ['web', 'ssh'],
    'public-keys': { '0=ops': { 'openssh-key': 'ssh-ed25519 AAAA ops' } },
    iam: { info: { $json: { Code: 'Success', Tags: [], Nested: { a: null } } } },
  },
  dynamic: { 'instance-identity': { document: { $json: { region: 'eu-west-1' } } } },
};

// Polls until `path` answers `expected`; the watcher's delay is not part of any assertion.
async function waitForBody(
  emulator: RunningEmulator,
  path: string,
  expected: string,
): Promise<string> {
  let body = '';
  for (let attempt = 0; attempt < 100; attempt += 1) {
    body = (await imdsRequest(emulator.url, path)).body;
    if (body === expected) return body;
    await sleep(50);
  }
  return body;
}

describe('AWS emulator data: JSON file format', () => {
  let emulator: RunningEmulator;
  let file: string;
  const warnings: string[] = [];
  before(async () => {
    file = join(dir, 'data.json');
    await writeFile(file, JSON.stringify(dataFile));
    emulator = await startEmulator({
      provider: 'aws',
      data: file,
      imdsv1: true,
      onWarning: (message) => warnings.push(message),
    });
  });
  after(() => emulator.close());

  const cases = [
    {
      path: '/latest/meta-data/',
      body: 'instance-id\nami-launch-index\nspot-enabled\nsecurity-groups\npublic-keys/\niam/',
    },
    { path: '/latest/meta-data/ami-launch-index', body: '3' },
    { path: '/latest/meta-data/spot-enabled', body: 'false' },
    { path: '/latest/meta-data/security-groups', body: 'web\nssh' },
    { path: '/latest/meta-data/public-keys/', body: '0=ops' },
    { path: '/latest/meta-data/public-keys/0/openssh-key', body: 'ssh-ed25519 AAAA ops' },
    {
      path: '/latest/meta-data/iam/info',
      body: '{\n  "Code" : "Success",\n  "Tags" : [ ],\n  "Nested" : {\n    "a" : null\n  }\n}',
    },
    { path: '/latest/', body: 'dynamic\nmeta-data' },
  ];
  for (const { path, body } of cases) {
    it(`serves ${path}`, async () => {
      assert.deepEqual(await imdsRequest(emulator.url, path).then((a) => [a.status, a.body]), [
        200,
        body,
      ]);
    });
  }

  it('answers 404 for user-data and tags when the data set has none', async () => {
    assert.equal((await imdsRequest(emulator.url, '/latest/user-data')).status, 404);
    assert.equal((await imdsRequest(emulator.url, '/latest/meta-data/tags/instance/')).status, 404);
  });

  it('reloads when the file changes, and keeps the last good data when it breaks', async () => {
    const changed = {
      ...dataFile,
      'meta-data': { ...dataFile['meta-data'], 'instance-id': 'i-0changed' },
    };
    await writeFile(file, JSON.stringify(changed));
    assert.equal(
      await waitForBody(emulator, '/latest/meta-data/instance-id', 'i-0changed'),
      'i-0changed',
    );
    await writeFile(file, '{ "meta-data": { "instance-id": ');
    for (let attempt = 0; attempt < 100 && warnings.length === 0; attempt += 1) await sleep(50);
    assert.match(warnings[0] ?? '', new RegExp(`${file.replace(/[.\\]/g, '\\$&')}: invalid JSON`));
    assert.equal(
      (await imdsRequest(emulator.url, '/latest/meta-data/instance-id')).body,
      'i-0changed',
    );
  });
});

describe('AWS emulator data: JSON format errors', () => {
  const cases = [
    { name: 'invalid JSON', text: '{', message: /x\.json: invalid JSON/ },
    { name: 'not an object', text: '[]', message: /x\.json: the top level must be an object/ },
    {
      name: 'unknown top-level key',
      text: '{"metadata": {}}',
      message: /unknown top-level key "metadata"/,
    },
    {
      name: 'null leaf',
      text: '{"meta-data": {"a": null}}',
      message: /x\.json: meta-data\/a: null is not allowed/,
    },
    {
      name: 'slash in a name',
      text: '{"meta-data": {"a/b": "x"}}',
      message: /invalid path segment "a\/b"/,
    },
    {
      name: 'meta-data a leaf',
      text: '{"meta-data": "x"}',
      message: /"meta-data" must be an object/,
    },
    {
      name: 'user-data a directory',
      text: '{"user-data": {"a": "b"}}',
      message: /"user-data" must be a leaf/,
    },
  ];
  for (const { name, text, message } of cases) {
    it(`rejects ${name} with a ConfigError naming the file`, () => {
      assert.throws(
        () => parseAwsDataJson(text, 'x.json'),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'CONFD_CONFIG');
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  it('fails to start on a missing data path, naming it', async () => {
    const missing = join(dir, 'missing.json');
    await assert.rejects(startEmulator({ provider: 'aws', data: missing }), {
      message: new RegExp(`emulator data ${missing}: ENOENT`),
    });
  });
});

describe('AWS emulator data: directory mirroring URL paths', () => {
  let emulator: RunningEmulator;
  let root: string;
  before(async () => {
    root = join(dir, 'tree');
    await mkdir(join(root, 'latest/meta-data/public-keys/0=my-key'), { recursive: true });
    await mkdir(join(root, 'latest/meta-data/placement'), { recursive: true });
    await writeFile(join(root, 'latest/meta-data/instance-id'), 'i-0dir\n');
    await writeFile(join(root, 'latest/meta-data/.swp'), 'ignored');
    await writeFile(join(root, 'latest/meta-data/placement/region'), 'ap-south-1');
    await writeFile(
      join(root, 'latest/meta-data/public-keys/0=my-key/openssh-key'),
      'ssh-rsa AAAA my-key\n',
    );
    await writeFile(join(root, 'latest/user-data'), '#!/bin/sh\necho hi\n\n');
    emulator = await startEmulator({ provider: 'aws', data: root, imdsv1: true });
  });
  after(() => emulator.close());

  const cases = [
    { path: '/latest/', body: 'meta-data\nuser-data' },
    { path: '/latest/meta-data/', body: 'instance-id\nplacement/\npublic-keys/' },
    { path: '/latest/meta-data/instance-id', body: 'i-0dir' },
    { path: '/latest/meta-data/public-keys/', body: '0=my-key' },
    { path: '/latest/meta-data/public-keys/0/openssh-key', body: 'ssh-rsa AAAA my-key' },
    { path: '/latest/user-data', body: '#!/bin/sh\necho hi\n' },
  ];
  for (const { path, body } of cases) {
    it(`serves ${path} file by file`, async () => {
      assert.deepEqual(await imdsRequest(emulator.url, path).then((a) => [a.status, a.body]), [
        200,
        body,
      ]);
    });
  }

  it('reloads when a file is added or changed', async () => {
    await writeFile(join(root, 'latest/meta-data/placement/region'), 'eu-north-1');
    await writeFile(join(root, 'latest/meta-data/ami-id'), 'ami-0new');
    assert.equal(
      await waitForBody(emulator, '/latest/meta-data/placement/region', 'eu-north-1'),
      'eu-north-1',
    );
    assert.equal(await waitForBody(emulator, '/latest/meta-data/ami-id', 'ami-0new'), 'ami-0new');
  });

  it('refuses a directory without latest/', async () => {
    await assert.rejects(
      startEmulator({ provider: 'aws', data: dir }),
      /expected a "latest" directory/,
    );
  });
});
