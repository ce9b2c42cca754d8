import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../backends/emulator/start-emulator.js';
import { collect, startCli, waitForStderr } from '../helpers/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { createTempConfdir, resourceToml } from '../helpers/temp-confdir.js';

const metadata = (instanceId: string): string =>
  JSON.stringify({
    'meta-data': { 'instance-id': instanceId, placement: { region: 'eu-west-1' } },
  });

describe('confd-ts imds as a daemon', () => {
  it('keeps the file current, survives an outage, and exits 0 on SIGTERM', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    const dataFile = join(confdir.dir, 'metadata.json');
    await writeFile(dataFile, metadata('i-first'));
    const emulator = await startEmulator({ provider: 'aws', data: dataFile });
    t.after(() => emulator.close());
    await confdir.addResource(
      'id',
      resourceToml('id', ['/meta-data']),
      'id={{getv "/meta-data/instance-id"}}\n',
    );
    const dest = join(confdir.dir, 'out', 'id');
    const readDest = (): Promise<string> => readFile(dest, 'utf8');

    const daemon = startCli([
      'imds',
      '--interval',
      '1',
      '--imds-cache-ttl',
      '200ms',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
      '--log-format',
      'json',
    ]);
    const exited = collect(daemon);
    t.after(() => daemon.kill('SIGKILL'));
    await waitForStderr(daemon, /"msg":"poll finished"/);
    assert.equal(await readDest(), 'id=i-first\n');

    emulator.setFaults({ errorRate: 1 });
    await waitForStderr(daemon, /"msg":"resource failed"/);
    assert.equal(daemon.exitCode, null, 'the daemon must survive an outage');
    assert.equal(await readDest(), 'id=i-first\n', 'an outage leaves the file as it was');

    emulator.setFaults({ errorRate: 0 });
    await writeFile(dataFile, metadata('i-second'));
    await eventually(
      readDest,
      (text) => text === 'id=i-second\n',
      'file updated after the data change',
    );

    daemon.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /"msg":"stopping after the resource in flight"/);
  });

  it('fetches each path once per poll however many resources share it', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    const emulator = await startEmulator({ provider: 'aws' });
    t.after(() => emulator.close());
    await confdir.addResource(
      'a',
      resourceToml('a', ['/meta-data/placement']),
      '{{getv "/meta-data/placement/region"}}\n',
    );
    await confdir.addResource(
      'b',
      resourceToml('b', ['/meta-data/placement', '/meta-data/instance-id']),
      '{{getv "/meta-data/instance-id"}}\n',
    );
    await confdir.addResource(
      'c',
      resourceToml('c', ['/meta-data/placement/region']),
      '{{getv "/meta-data/placement/region"}}\n',
    );
    const daemon = startCli([
      'imds',
      '--onetime',
      '--provider',
      'aws',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
    ]);
    const result = await collect(daemon);
    assert.equal(result.code, 0, result.stderr);
    const paths = emulator.requests.map((request) => `${request.method} ${request.path}`);
    assert.deepEqual(
      paths.filter((p) => p.startsWith('PUT')),
      ['PUT /latest/api/token'],
    );
    assert.equal(
      new Set(paths).size,
      paths.length,
      `a path was fetched twice:\n${paths.join('\n')}`,
    );
    assert.ok(paths.includes('GET /latest/meta-data/placement/region'));
  });
});
