import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { CheckResult } from '../../src/check/run-check.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempConfdir, resourceToml, type TempConfdir } from '../helpers/temp-confdir.js';

// CONFD_* variables of the machine running the tests must not leak into the command.
const cleanEnv = Object.fromEntries(
  Object.keys(process.env)
    .filter((name) => name.startsWith('CONFD_'))
    .map((name) => [name, undefined]),
);

describe('confd-ts check', () => {
  let confdir: TempConfdir | undefined;
  const create = async (copyExample = false): Promise<TempConfdir> => {
    confdir = await createTempConfdir({ copyExample });
    return confdir;
  };

  afterEach(async () => {
    await confdir?.remove();
    confdir = undefined;
  });

  it('exits 0 on the example confdir and says so', async () => {
    const { dir } = await create(true);
    const result = await runCli(['check', '--confdir', dir], { env: cleanEnv });
    assert.equal(result.stderr, `${dir}: 6 template resources: ok\n`);
    assert.equal(result.stdout, '');
    assert.equal(result.code, 0);
  });

  it('exits 2 with one file:line: message line per configuration problem', async () => {
    const { dir, addResource } = await create();
    await addResource('typo', resourceToml('typo', ['/a'], 'mdoe = "0644"\n'), 'x');
    await addResource('app', resourceToml('app', ['/a']), 'ok\n{{getv "/b"}}\n{{shout "x"}}\n');
    const result = await runCli(['check', '--confdir', dir], { env: cleanEnv });
    const template = join(dir, 'templates', 'app.tmpl');
    const resource = join(dir, 'conf.d', 'app.toml');
    assert.deepEqual(result.stderr.trimEnd().split('\n'), [
      `${join(dir, 'conf.d', 'typo.toml')}:5: template.mdoe: unknown field (expected one of: src, dest, keys, prefix, mode, uid, gid, owner, group, check_cmd, reload_cmd)`,
      `${template}:2: getv: key "/b" is outside the keys of ${resource} (/a)`,
      `${template}:3: unknown helper "shout"`,
      `${dir}: 1 template resource: 3 problems`,
    ]);
    assert.equal(result.code, 2);
  });

  it('with --data prints each rendered file and exits 1 when one fails to render', async () => {
    const { dir, addResource } = await create();
    await addResource('a-ok', resourceToml('a-ok', ['/app']), 'port={{getv "/app/port"}}\n');
    await addResource('b-bad', resourceToml('b-bad', ['/app']), '{{getv "/app/host"}}\n');
    const data = join(dir, 'data.json');
    await writeFile(data, JSON.stringify({ app: { port: 8080 } }));
    const result = await runCli(['check', '--confdir', dir, '--data', data], { env: cleanEnv });
    const header = (name: string): string =>
      `==> ${join(dir, 'out', name)} (${join(dir, 'conf.d', `${name}.toml`)})`;
    assert.equal(
      result.stdout,
      `${header('a-ok')}\nport=8080\n\n${header('b-bad')}: not rendered, see the errors\n`,
    );
    assert.equal(
      result.stderr,
      `${join(dir, 'templates', 'b-bad.tmpl')}:1: getv: key "/app/host" not found\n` +
        `${dir}: 2 template resources, 1 of 2 rendered: 1 problem\n`,
    );
    assert.equal(result.code, 1);
  });

  it('with --json prints the whole result as JSON on stdout', async () => {
    const { dir, addResource } = await create();
    await addResource('app', resourceToml('app', ['/app']), 'port={{getv "/app/port"}}\n');
    const data = join(dir, 'data.json');
    await writeFile(data, '{"/app/port": "80"}');
    const result = await runCli(['check', '--confdir', dir, '--data', data, '--json'], {
      env: cleanEnv,
    });
    const parsed = JSON.parse(result.stdout) as CheckResult;
    assert.equal(parsed.exitCode, 0);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.renders, [
      {
        resource: join(dir, 'conf.d', 'app.toml'),
        dest: join(dir, 'out', 'app'),
        content: 'port=80\n',
      },
    ]);
    assert.equal(result.stderr, '');
    assert.equal(result.code, 0);
  });

  it('documents its options in --help', async () => {
    const result = await runCli(['check', '--help'], { env: cleanEnv });
    for (const option of ['--confdir', '--config-file', '--prefix', '--data', '--json']) {
      assert.ok(result.stdout.includes(option), `--help lacks ${option}:\n${result.stdout}`);
    }
    assert.equal(result.code, 0);
  });
});
