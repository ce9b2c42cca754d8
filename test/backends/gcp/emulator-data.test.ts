import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import { createGcpRoutes } from '../../../backends/gcp/emulator-routes.js';
import { ConfigError } from '../../../src/errors.js';
import { startGcpWithFile } from './gcp-fixtures.js';

const flavor = { 'Metadata-Flavor': 'Google' };

describe('GCP emulator data', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confd-gcp-data-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('wakes a wait_for_change waiter when the data file changes', async () => {
    const started = await startGcpWithFile();
    try {
      const url = `${started.emulator.url}/computeMetadata/v1/instance/attributes/metadata2`;
      const first = await fetch(url, { headers: flavor });
      const etag = first.headers.get('etag') ?? '';
      const waiting = fetch(`${url}?wait_for_change=true&last_etag=${etag}&timeout_sec=60`, {
        headers: flavor,
      });
      await started.rewrite((text) =>
        text.replace('"metadata2": "value2"', '"metadata2": "changed"'),
      );
      const changed = await waiting;
      assert.equal(await changed.text(), 'changed');
      assert.notEqual(changed.headers.get('etag'), etag);
    } finally {
      await started.close();
    }
  });

  it('answers pending waiters when the routes close, so nothing hangs', async () => {
    const routes = await createGcpRoutes({});
    const pending = routes.handle({
      method: 'GET',
      url: '/computeMetadata/v1/instance/id?wait_for_change=true',
      headers: { 'metadata-flavor': 'Google' },
      body: '',
    });
    await routes.close();
    const response = await pending;
    assert.equal(response.status, 200);
    assert.equal(response.body, '5775171277418378123');
  });

  it('takes the v1 object itself as well as the computeMetadata wrapper', async () => {
    const file = join(dir, 'bare.json');
    await writeFile(
      file,
      '{"instance":{"id":12345678901234567890,"machineType":"zones/a/machineTypes/n1"},"project":{"projectId":"p"}}',
    );
    const emulator = await startEmulator({ provider: 'gcp', data: file });
    try {
      const get = async (path: string) =>
        (await fetch(`${emulator.url}/computeMetadata/v1/${path}`, { headers: flavor })).text();
      assert.equal(await get('instance/id'), '12345678901234567890');
      assert.equal(await get('instance/machine-type'), 'zones/a/machineTypes/n1');
      assert.equal(await get('project/?recursive=true'), '{"projectId":"p"}');
    } finally {
      await emulator.close();
    }
  });

  it('serves a directory mirroring the URL paths, file by file', async () => {
    const root = join(dir, 'tree');
    const files: Record<string, string> = {
      'instance/id': '5775171277418378123\n',
      'instance/machine-type': 'projects/1/machineTypes/e2-micro',
      'instance/attributes/myCamelKey': 'kept',
      'instance/network-interfaces/0/ip': '10.0.0.2',
      'project/project-id': 'from-files',
    };
    for (const [path, text] of Object.entries(files)) {
      const full = join(root, 'computeMetadata', 'v1', path);
      await mkdir(join(full, '..'), { recursive: true });
      await writeFile(full, text);
    }
    const emulator = await startEmulator({ provider: 'gcp', data: root });
    try {
      const get = async (path: string) =>
        (await fetch(`${emulator.url}/computeMetadata/v1/${path}`, { headers: flavor })).text();
      assert.equal(await get('instance/id'), '5775171277418378123');
      assert.equal(await get('instance/attributes/myCamelKey'), 'kept');
      assert.equal(await get('instance/network-interfaces/0/ip'), '10.0.0.2');
      assert.equal(
        await get('instance/?recursive=true'),
        '{"attributes":{"myCamelKey":"kept"},"id":"5775171277418378123","machineType":"projects/1/machineTypes/e2-micro","networkInterfaces":[{"ip":"10.0.0.2"}]}',
      );
    } finally {
      await emulator.close();
    }
  });

  it('refuses data that is not the recursive metadata JSON, naming the file', async () => {
    const file = join(dir, 'bad.json');
    for (const text of ['{"instance": 1}', '{"instance": {}, }']) {
      await writeFile(file, text);
      await assert.rejects(startEmulator({ provider: 'gcp', data: file }), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.ok(err.message.startsWith(`emulator data ${file}: `), err.message);
        return true;
      });
    }
  });
});
