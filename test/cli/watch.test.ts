import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../backends/emulator/start-emulator.js';
import { collect, startCli, waitForStderr } from '../helpers/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { createTempConfdir, resourceToml } from '../helpers/temp-confdir.js';

// Recursive GCP JSON; the 19-digit id is written as digits (a JS number would round it).
const gcpData = (role: string): string =>
  `{"instance": {"id": 5775171277418378123, "zone": "projects/123/zones/europe-west1-b",` +
  ` "attributes": {"app-role": "${role}"}}, "project": {"projectId": "demo-project"}}`;

describe('confd-ts imds --watch (GCP)', () => {
  it('re-renders within seconds of a metadata change, with an hour-long interval', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    const dataFile = join(confdir.dir, 'gcp.json');
    await writeFile(dataFile, gcpData('web'));
    const emulator = await startEmulator({ provider: 'gcp', data: dataFile });
    t.after(() => emulator.close());
    await confdir.addResource(
      'role',
      resourceToml('role', ['/instance/attributes', '/v1/region']),
      'role={{getv "/instance/attributes/app-role"}} region={{getv "/v1/region"}}\n',
    );
    const dest = join(confdir.dir, 'out', 'role');
    const daemon = startCli([
      'imds',
      '--watch',
      '--interval',
      '3600',
      '--provider',
      'gcp',
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
    assert.equal(await readFile(dest, 'utf8'), 'role=web region=europe-west1\n');

    await writeFile(dataFile, gcpData('db'));
    await eventually(
      () => readFile(dest, 'utf8'),
      (text) => text === 'role=db region=europe-west1\n',
      're-rendered after the change',
      10_000,
    );
    const waits = emulator.requests.filter((request) =>
      request.path.includes('wait_for_change=true'),
    );
    assert.ok(
      waits.length >= 1 && waits.length <= 6,
      `long polls, not polling load: ${waits.length}`,
    );

    daemon.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /"msg":"metadata changed"/);
  });
});
