import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { parseAzureData } from '../../../backends/azure/emulator-data.js';
import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { ConfigError } from '../../../src/errors.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'confd-azure-data-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const vmIdPath = '/metadata/instance/compute/vmId?api-version=2021-02-01&format=text';
const dataFile = {
  instance: { compute: { vmId: 'vm-from-file', location: 'northeurope' } },
  identities: [{ client_id: 'c1', object_id: 'o1', msi_res_id: '/r/1', access_token: 'token-1' }],
};

async function fetchText(
  emulator: RunningEmulator,
  path: string,
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${emulator.url}${path}`, { headers: { Metadata: 'true' } });
  return { status: response.status, body: await response.text() };
}

// Polls until `path` answers `expected`; the watcher's delay is not part of any assertion.
async function waitForBody(
  emulator: RunningEmulator,
  path: string,
  expected: string,
): Promise<string> {
  let body = '';
  for (let attempt = 0; attempt < 100; attempt += 1) {
    body = (await fetchText(emulator, path)).body;
    if (body === expected) return body;
    await sleep(50);
  }
  return body;
}

describe('Azure emulator data: JSON file', () => {
  let emulator: RunningEmulator;
  let file: string;
  const warnings: string[] = [];
  before(async () => {
    file = join(dir, 'azure.json');
    await writeFile(file, JSON.stringify(dataFile));
    emulator = await startEmulator({
      provider: 'azure',
      data: file,
      onWarning: (message) => warnings.push(message),
    });
  });
  after(() => emulator.close());

  it('serves the file, with no load balancer and no events when it has none', async () => {
    assert.equal((await fetchText(emulator, vmIdPath)).body, 'vm-from-file');
    assert.equal(
      (await fetchText(emulator, '/metadata/loadbalancer?api-version=2021-02-01')).status,
      404,
    );
    const events = await fetchText(emulator, '/metadata/scheduledevents?api-version=2020-07-01');
    assert.deepEqual(JSON.parse(events.body), { DocumentIncarnation: 1, Events: [] });
    const token = await fetchText(
      emulator,
      '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=r',
    );
    assert.equal(JSON.parse(token.body).access_token, 'token-1');
  });

  it('reloads when the file changes, and keeps the last good data when it breaks', async () => {
    const changed = { ...dataFile, instance: { compute: { vmId: 'vm-changed' } } };
    await writeFile(file, JSON.stringify(changed));
    assert.equal(await waitForBody(emulator, vmIdPath, 'vm-changed'), 'vm-changed');
    await writeFile(file, '{ "instance": ');
    for (let attempt = 0; attempt < 100 && warnings.length === 0; attempt += 1) await sleep(50);
    assert.match(
      warnings[0] ?? '',
      /azure\.json: invalid JSON: .*\(still serving the last good data\)$/,
    );
    assert.equal((await fetchText(emulator, vmIdPath)).body, 'vm-changed');
  });
});

describe('Azure emulator data: directory served file by file', () => {
  let emulator: RunningEmulator;
  let root: string;
  before(async () => {
    root = join(dir, 'tree');
    await mkdir(join(root, 'metadata'), { recursive: true });
    await writeFile(join(root, 'metadata', 'instance.json'), JSON.stringify(dataFile.instance));
    emulator = await startEmulator({ provider: 'azure', data: root });
  });
  after(() => emulator.close());

  it('serves metadata/instance.json and picks up a file added later', async () => {
    assert.equal((await fetchText(emulator, vmIdPath)).body, 'vm-from-file');
    const balancer = { loadbalancer: { publicIpAddresses: [{ frontendIpAddress: '52.0.0.9' }] } };
    await writeFile(join(root, 'metadata', 'loadbalancer.json'), JSON.stringify(balancer));
    const path =
      '/metadata/loadbalancer/loadbalancer/publicIpAddresses/0/frontendIpAddress?api-version=2021-02-01&format=text';
    assert.equal(await waitForBody(emulator, path, '52.0.0.9'), '52.0.0.9');
  });

  it('refuses a directory without metadata/instance.json', async () => {
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await assert.rejects(
      startEmulator({ provider: 'azure', data: empty }),
      /expected metadata\/instance.json/,
    );
  });
});

describe('Azure emulator data: format errors name the file and key', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', [], /the top level must be an object/],
    ['no instance', { identities: [] }, /"instance" must be an object/],
    ['unknown key', { instance: {}, compute: {} }, /unknown top-level key "compute"/],
    [
      'event without id',
      { instance: {}, scheduledevents: { Events: [{}] } },
      /Events\[0\] must be an object with a string EventId/,
    ],
    [
      'identity without ids',
      { instance: {}, identities: [{ client_id: 'c' }] },
      /"identities"\[0\] must have string client_id/,
    ],
  ];
  for (const [name, document, message] of cases) {
    it(name, () => {
      assert.throws(
        () => parseAzureData(JSON.stringify(document), 'data.json'),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(err.message, /^emulator data data\.json/);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});
