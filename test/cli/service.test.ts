import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../backends/emulator/start-emulator.js';
import { startReceiver, waitForMessages } from '../helpers/notify-receiver.js';
import { collect, startCli, waitForStderr } from '../helpers/run-cli.js';
import { eventually } from '../helpers/eventually.js';
import { createTempConfdir, resourceToml } from '../helpers/temp-confdir.js';

const getText = async (url: string): Promise<{ status: number; body: string }> => {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
};

describe('confd-ts imds as a service', () => {
  it('serves metrics and health, reloads on changes and SIGHUP, notifies systemd, exits 0 on SIGTERM', async (t) => {
    const confdir = await createTempConfdir();
    const scratch = await mkdtemp(join(tmpdir(), 'confd-service-'));
    t.after(() => Promise.all([confdir.remove(), rm(scratch, { recursive: true, force: true })]));
    const emulator = await startEmulator({ provider: 'aws' });
    t.after(() => emulator.close());
    const receiver = await startReceiver(scratch);
    t.after(() => receiver.child.kill());
    const role = '/meta-data/iam/security-credentials/baskinc-role';
    await confdir.addResource(
      'creds',
      resourceToml('creds', [role], 'mode = "0600"\n'),
      `{{#with (json (getv "${role}"))}}{{SecretAccessKey}}{{/with}}\n`,
    );
    await confdir.addResource(
      'id',
      resourceToml('id', ['/meta-data/instance-id']),
      'id={{getv "/meta-data/instance-id"}}\n',
    );
    const out = (name: string): string => join(confdir.dir, 'out', name);

    const daemon = startCli(
      [
        'imds',
        '--interval',
        '600',
        '--confdir',
        confdir.dir,
        '--endpoint',
        emulator.url,
        '--metrics-addr',
        '127.0.0.1:0',
        '--log-format',
        'json',
      ],
      { env: { NOTIFY_SOCKET: receiver.socket } },
    );
    const exited = collect(daemon);
    t.after(() => daemon.kill('SIGKILL'));
    const started = await waitForStderr(
      daemon,
      /metrics and health endpoints listening.*"url":"(http:[^"]+)"/,
    );
    const base = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(started)?.[1] ?? '';
    await eventually(
      () => getText(`${base}/ready`),
      (r) => r.status === 200,
      '/ready 200 after the first render',
    );
    assert.deepEqual(await waitForMessages(receiver, 1), ['READY=1\nSTATUS=2 resources processed']);
    assert.equal(await readFile(out('id'), 'utf8'), 'id=i-1234567890abcdef0\n');

    const metrics = await getText(`${base}/metrics`);
    assert.match(
      metrics.body,
      /^confd_template_process_total\{dest="[^"]+\/out\/id",status="changed"\} 1$/m,
    );
    assert.match(metrics.body, /^confd_backend_healthy\{backend="aws"\} 1$/m);
    assert.match(metrics.body, /^confd_build_info\{version="\d+\.\d+\.\d+",provider="aws"\} 1$/m);
    const health = await getText(`${base}/health`);
    assert.deepEqual([health.status, JSON.parse(health.body)], [200, { status: 'ok' }]);
    const detailed = await getText(`${base}/ready/detailed`);
    assert.ok(
      !detailed.body.includes('v/12345678901') && !detailed.body.includes('i-1234567890abcdef0'),
      detailed.body,
    );

    // A new resource, a changed template, a broken resource (kept out, last good config runs), a removed resource.
    await confdir.addResource(
      'zone',
      resourceToml('zone', ['/meta-data/placement']),
      '{{getv "/meta-data/placement/availability-zone"}}\n',
    );
    await eventually(
      () => readFile(out('zone'), 'utf8'),
      (text) => text === 'us-east-1a\n',
      'new resource rendered',
    );
    await writeFile(
      join(confdir.dir, 'templates', 'id.tmpl'),
      'instance={{getv "/meta-data/instance-id"}}\n',
    );
    await eventually(
      () => readFile(out('id'), 'utf8'),
      (text) => text === 'instance=i-1234567890abcdef0\n',
      'changed template rendered',
    );
    await writeFile(
      join(confdir.dir, 'conf.d', 'broken.toml'),
      '[template]\nsrc = "id.tmpl"\ndest = "out/broken"\nkyes = ["/x"]\n',
    );
    const refused = await eventually(
      () => getText(`${base}/ready/detailed`),
      (r) => r.body.includes('kyes'),
      'broken file reported',
    );
    assert.match(
      JSON.parse(refused.body).configuration.error.message,
      /broken\.toml:4: template\.kyes: unknown field/,
    );
    assert.match(
      (await getText(`${base}/metrics`)).body,
      /^confd_config_reload_total\{status="failed"\} [1-9]/m,
    );
    await rm(join(confdir.dir, 'conf.d', 'broken.toml'));
    await rm(join(confdir.dir, 'conf.d', 'zone.toml'));
    await eventually(
      () => getText(`${base}/ready/detailed`),
      (r) =>
        r.status === 200 &&
        !r.body.includes('/out/zone') &&
        JSON.parse(r.body).configuration.ok === true,
      'removed resource dropped',
    );

    // SIGHUP reloads on demand, wrapped in RELOADING=1 / READY=1 (after the file reloads settle).
    const settled = await eventually(
      () => waitForMessages(receiver, 0),
      (messages) => messages.at(-1) === 'READY=1',
      'earlier reloads notified',
    );
    daemon.kill('SIGHUP');
    await waitForStderr(daemon, /"msg":"configuration reloaded","reason":"SIGHUP"/);
    const afterHup = await waitForMessages(receiver, settled.length + 2);
    assert.deepEqual(afterHup.slice(settled.length), ['RELOADING=1', 'READY=1']);

    daemon.kill('SIGTERM');
    const result = await exited;
    assert.equal(result.code, 0, result.stderr);
    assert.equal((await waitForMessages(receiver, 100)).at(-1), 'STOPPING=1');
    assert.equal((await stat(out('creds'))).mode & 0o777, 0o600);
    assert.ok(!result.stderr.includes('v/12345678901'), 'the secret stays out of the logs');
  });

  it('turns /health to 503 during an outage and back to 200', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    const emulator = await startEmulator({ provider: 'aws' });
    t.after(() => emulator.close());
    await confdir.addResource(
      'id',
      resourceToml('id', ['/meta-data/instance-id']),
      '{{getv "/meta-data/instance-id"}}\n',
    );
    const service = startCli([
      'imds',
      '--interval',
      '1',
      '--imds-cache-ttl',
      '100ms',
      '--provider',
      'aws',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
      '--metrics-addr',
      '127.0.0.1:0',
      '--log-format',
      'json',
    ]);
    t.after(() => service.kill('SIGKILL'));
    const started = await waitForStderr(service, /metrics and health endpoints listening/);
    const base = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(started)?.[1] ?? '';
    await eventually(
      () => getText(`${base}/health`),
      (r) => r.status === 200,
      'healthy at first',
    );
    emulator.setFaults({ errorRate: 1 });
    const down = await eventually(
      () => getText(`${base}/health`),
      (r) => r.status === 503,
      'unhealthy during the outage',
    );
    assert.match(JSON.parse(down.body).reason, /500|status_5xx|failed/);
    assert.match(
      (await getText(`${base}/metrics`)).body,
      /^confd_backend_healthy\{backend="aws"\} 0$/m,
    );
    emulator.setFaults({ errorRate: 0 });
    await eventually(
      () => getText(`${base}/health`),
      (r) => r.status === 200,
      'healthy again',
    );
    service.kill('SIGTERM');
    assert.equal((await collect(service)).code, 0);
  });
});
