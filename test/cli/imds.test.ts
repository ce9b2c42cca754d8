import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempConfdir, repoRoot, resourceToml } from '../helpers/temp-confdir.js';

const secrets = {
  accessKeyId: '12345678901',
  secretAccessKey: 'v/12345678901',
  token: 'TEST92test48TEST+y6RpoTEST92test48TEST/8oWVAiBqTEsT5Ky7ty2tEStxC1T==',
  userData: 'MTIzNCxqb2huLHJlYm9vdCx0cnVlCg==',
};

describe('confd-ts imds --onetime', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws' });
  });
  after(() => emulator.close());

  it('runs the README quick start (the npm start command) on a copy of the example confdir', async (t) => {
    const confdir = await createTempConfdir({ copyExample: true });
    t.after(() => confdir.remove());
    const packageJson = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: { start: string };
    };
    const commands = packageJson.scripts.start
      .split('&&')
      .map((command) => command.trim().split(/\s+/))
      .filter((words) => words[0] === 'node');
    assert.deepEqual(
      commands.map((words) => words.slice(0, 2)),
      Array(3).fill(['node', 'dist/src/cli.js']),
      'npm start runs the CLI against each emulator',
    );
    const run = async (): Promise<void> => {
      for (const words of commands) {
        const result = await runCli(words.slice(2), { cwd: confdir.dir });
        assert.equal(result.code, 0, result.stderr);
      }
    };

    await run();
    const out = (name: string): string => join(confdir.dir, 'out', name);
    const instance = await readFile(out('instance.conf'), 'utf8');
    assert.match(instance, /^instance_id = i-1234567890abcdef0$/m);
    assert.match(instance, /^availability_zone = us-east-1a$/m);
    assert.match(await readFile(out('tags.env'), 'utf8'), /^TAG_NAME="test-instance"$/m);
    const network = await readFile(out('network.conf'), 'utf8');
    assert.match(network, /^\[interface "eni-0f95d3625f5c521cc"\]$/m);
    assert.match(network, /^security_groups = sg-0b07f8f6cb485d4df,sg-0c2d34a5e6f7a8b90$/m);
    const credentials = await readFile(out('aws-credentials'), 'utf8');
    assert.match(
      credentials,
      new RegExp(`^aws_secret_access_key = ${secrets.secretAccessKey}$`, 'm'),
    );
    assert.equal((await stat(out('aws-credentials'))).mode & 0o777, 0o600);
    assert.match(await readFile(out('authorized_keys'), 'utf8'), /^ssh-rsa AAAA\S+ test$/m);

    for (const cloud of ['aws', 'azure', 'gcp']) {
      const env = await readFile(out(cloud === 'aws' ? 'cloud.env' : `cloud.${cloud}.env`), 'utf8');
      assert.match(env, new RegExp(`^CLOUD=${cloud}$`, 'm'));
      assert.match(env, /^REGION=\S+$/m);
    }

    const before = await stat(out('instance.conf'));
    await run();
    const afterwards = await stat(out('instance.conf'));
    assert.deepEqual([afterwards.ino, afterwards.mtimeMs], [before.ino, before.mtimeMs]);
  });

  it('--noop --diff prints a unified diff and touches nothing', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    await confdir.addResource(
      'id',
      resourceToml('id', ['/meta-data/instance-id']),
      'id={{getv "/meta-data/instance-id"}}\n',
    );
    const dest = join(confdir.dir, 'out', 'id');
    await runCli([
      'imds',
      '--onetime',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
      '--sync-only',
    ]);
    await writeFile(dest, 'id=edited\n');
    const result = await runCli([
      'imds',
      '--onetime',
      '--noop',
      '--diff',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^--- ${dest}$`, 'm'));
    assert.match(result.stdout, /^-id=edited$/m);
    assert.match(result.stdout, /^\+id=i-1234567890abcdef0$/m);
    assert.equal(await readFile(dest, 'utf8'), 'id=edited\n');
  });

  it('exits 1 when one resource fails, still processing the others', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    await confdir.addResource(
      'bad',
      resourceToml('bad', ['/meta-data']),
      'line one\nx={{getv "/meta-data/absent"}}\n',
    );
    await confdir.addResource(
      'good',
      resourceToml('good', ['/meta-data/instance-id']),
      '{{getv "/meta-data/instance-id"}}\n',
    );
    const result = await runCli([
      'imds',
      '--onetime',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
      '--log-format',
      'text',
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /bad\.tmpl:2.*\/meta-data\/absent/);
    assert.equal(await readFile(join(confdir.dir, 'out', 'good'), 'utf8'), 'i-1234567890abcdef0\n');
    await assert.rejects(stat(join(confdir.dir, 'out', 'bad')), { code: 'ENOENT' });
  });

  it('exits 2 on a bad resource, naming file, line and field, and processes nothing', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    await confdir.addResource('good', resourceToml('good', ['/meta-data/instance-id']), 'x\n');
    await confdir.addResource(
      'typo',
      resourceToml('typo', ['/meta-data/ami-id'], 'mdoe = "0644"\n'),
      'x\n',
    );
    const result = await runCli([
      'imds',
      '--onetime',
      '--confdir',
      confdir.dir,
      '--endpoint',
      emulator.url,
    ]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /conf\.d\/typo\.toml:5: template\.mdoe: unknown field/);
    await assert.rejects(stat(join(confdir.dir, 'out')), { code: 'ENOENT' });
  });

  it('exits 2 for --watch on AWS, a bad --metrics-addr and an unknown flag, with clear messages', async () => {
    const watch = await runCli(['imds', '--watch', '--confdir', repoRoot, '--emulate', 'aws']);
    assert.equal(watch.code, 2);
    assert.match(watch.stderr, /watch mode is not supported by the aws backend; use --interval/);
    const metrics = await runCli([
      'imds',
      '--onetime',
      '--metrics-addr',
      'localhost',
      '--emulate',
      'aws',
      '--confdir',
      repoRoot,
    ]);
    assert.equal(metrics.code, 2);
    assert.match(metrics.stderr, /--metrics-addr must be HOST:PORT.*got "localhost"/);
    const usage = await runCli(['imds', '--onetime', '--bogus']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /Unknown argument: bogus/);
  });

  it('exits 3 within seconds when the metadata service cannot be reached', async (t) => {
    const confdir = await createTempConfdir({ copyExample: true });
    t.after(() => confdir.remove());
    const closed = await startEmulator({ provider: 'aws' });
    await closed.close();
    const result = await runCli(
      ['imds', '--onetime', '--confdir', confdir.dir, '--endpoint', closed.url],
      { timeoutMs: 20_000 },
    );
    assert.equal(result.code, 3, result.stderr);
    assert.match(result.stderr, /no metadata service answered/);
    assert.match(result.stderr, new RegExp(closed.url.replace(/[.]/g, '\\.')));
  });

  it('keeps secrets out of debug logs, even in error messages, while rendering them into files', async (t) => {
    const confdir = await createTempConfdir({ copyExample: true });
    t.after(() => confdir.remove());
    const role = '/meta-data/iam/security-credentials/baskinc-role';
    await confdir.addResource('leak', resourceToml('leak', [role]), `{{atoi (getv "${role}")}}\n`);
    await confdir.addResource(
      'userdata',
      resourceToml('userdata', ['/user-data']),
      '{{getv "/user-data"}}\n',
    );
    await confdir.addResource(
      'bad-ud',
      resourceToml('bad-ud', ['/user-data']),
      '{{atoi (getv "/user-data")}}\n',
    );
    await confdir.addResource(
      'checked',
      resourceToml('checked', [role], `check_cmd = "echo checking; cat {{src}}; exit 1"\n`),
      `{{#with (json (getv "${role}"))}}key={{SecretAccessKey}}{{/with}}\n`,
    );
    for (const format of ['json', 'text']) {
      const result = await runCli([
        'imds',
        '--onetime',
        '--confdir',
        confdir.dir,
        '--endpoint',
        emulator.url,
        '--log-level',
        'debug',
        '--log-format',
        format,
      ]);
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /leak\.tmpl:1/);
      assert.match(result.stderr, /check_cmd for \S+checked exited with code 1/);
      assert.match(
        result.stderr,
        /checking\\nkey=\[REDACTED\]/,
        'the check output is logged, redacted',
      );
      for (const [name, value] of Object.entries(secrets)) {
        assert.ok(!result.stderr.includes(value), `${name} leaked into ${format} logs`);
      }
      assert.match(result.stderr, /\[REDACTED\]/);
    }
    assert.match(
      await readFile(join(confdir.dir, 'out', 'aws-credentials'), 'utf8'),
      new RegExp(secrets.token.replace(/[+/=]/g, '\\$&')),
    );
    assert.equal(
      await readFile(join(confdir.dir, 'out', 'userdata'), 'utf8'),
      `${secrets.userData}\n`,
    );
  });
});

describe('confd-ts get and ls', () => {
  it('prints values and listings from the emulator', async () => {
    const one = await runCli(['get', '/meta-data/instance-id', '--emulate', 'aws']);
    assert.deepEqual([one.code, one.stdout], [0, 'i-1234567890abcdef0\n']);
    const json = await runCli([
      'get',
      'meta-data/instance-type',
      '/meta-data/placement/region',
      '--emulate',
      'aws',
      '--json',
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      '/meta-data/instance-type': 'm4.xlarge',
      '/meta-data/placement/region': 'us-east-1',
    });
    const ls = await runCli(['ls', '/meta-data/placement/', '--emulate', 'aws']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.ok(ls.stdout.split('\n').includes('/meta-data/placement/availability-zone'), ls.stdout);
  });

  it('exits 1 for a missing key and explains a directory', async () => {
    const missing = await runCli(['get', '/meta-data/nope', '--emulate', 'aws']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /key \/meta-data\/nope not found/);
    const directory = await runCli(['get', '/meta-data/placement', '--emulate', 'aws']);
    assert.equal(directory.code, 1);
    assert.match(directory.stderr, /is a directory; use 'confd-ts ls \/meta-data\/placement'/);
  });

  it('exits 3 when the service is unreachable', async () => {
    const closed = await startEmulator({ provider: 'aws' });
    await closed.close();
    const result = await runCli(['get', '/meta-data/instance-id', '--endpoint', closed.url]);
    assert.equal(result.code, 3);
  });
});
