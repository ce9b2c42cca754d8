import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { runCheck, type CheckResult } from '../../src/check/run-check.js';
import { createTempConfdir, resourceToml, type TempConfdir } from '../helpers/temp-confdir.js';

const noEnv = {};

function messages(result: CheckResult): string[] {
  return result.problems.map((problem) => problem.message);
}

describe('runCheck', () => {
  let confdir: TempConfdir | undefined;
  const create = async (copyExample = false): Promise<TempConfdir> => {
    confdir = await createTempConfdir({ copyExample });
    return confdir;
  };

  afterEach(async () => {
    await confdir?.remove();
    confdir = undefined;
  });

  it('passes the example confdir with exit code 0', async () => {
    const { dir } = await create(true);
    const result = await runCheck({ confdir: dir, env: noEnv });
    assert.deepEqual(messages(result), []);
    assert.equal(result.exitCode, 0);
    assert.equal(result.resources, 6);
    assert.deepEqual(result.renders, []);
  });

  it('renders each template against fixture data, writing nothing and running nothing', async () => {
    const { dir, addResource } = await create();
    const marker = join(dir, 'command-ran');
    const commands = `check_cmd = "touch ${marker}"\nreload_cmd = "touch ${marker}"\n`;
    await addResource(
      'app',
      resourceToml('app', ['/meta-data/instance-id', '/meta-data/placement'], commands),
      'id={{getv "/meta-data/instance-id"}}\nregion={{getv "/meta-data/placement/region"}}\n',
    );
    await addResource(
      'isolated',
      resourceToml('isolated', ['/meta-data/placement']),
      'id={{getv (printf "%s" "/meta-data/instance-id") "hidden"}}\n',
    );
    const data = join(dir, 'data.json');
    await writeFile(
      data,
      JSON.stringify({
        '/meta-data/instance-id': 'i-1',
        'meta-data': { placement: { region: 'eu-west-1' } },
      }),
    );
    const result = await runCheck({ confdir: dir, dataFile: data, env: noEnv });
    assert.deepEqual(messages(result), []);
    assert.equal(result.exitCode, 0);
    assert.deepEqual(result.renders, [
      {
        resource: join(dir, 'conf.d', 'app.toml'),
        dest: join(dir, 'out', 'app'),
        content: 'id=i-1\nregion=eu-west-1\n',
      },
      {
        resource: join(dir, 'conf.d', 'isolated.toml'),
        dest: join(dir, 'out', 'isolated'),
        content: 'id=hidden\n',
      },
    ]);
    assert.deepEqual((await readdir(dir)).sort(), ['conf.d', 'data.json', 'templates']);
  });

  it('exits 1 when a template fails to render against the data', async () => {
    const { dir, addResource } = await create();
    await addResource('app', resourceToml('app', ['/meta-data']), 'a\n{{getv "/meta-data/mac"}}\n');
    await addResource('ok', resourceToml('ok', ['/meta-data']), 'fine\n');
    const data = join(dir, 'data.json');
    await writeFile(data, '{"/meta-data/instance-id": "i-1"}');
    const result = await runCheck({ confdir: dir, dataFile: data, env: noEnv });
    const template = join(dir, 'templates', 'app.tmpl');
    const error = `${template}:2: getv: key "/meta-data/mac" not found`;
    assert.deepEqual(result.problems, [
      { kind: 'render', file: template, line: 2, message: error },
    ]);
    assert.equal(result.exitCode, 1);
    assert.deepEqual(
      result.renders.map((render) => render.error ?? render.content),
      [error, 'fine\n'],
    );
  });

  it('strips the resource prefix and the global prefix as imds does', async () => {
    const { dir, addResource } = await create();
    await writeFile(join(dir, 'confd.toml'), 'prefix = "/prod"\n');
    await addResource(
      'app',
      resourceToml('app', ['/port'], 'prefix = "app"\n'),
      'port={{getv "/port"}}\n',
    );
    await addResource(
      'full',
      resourceToml('full', ['/port'], 'prefix = "app"\n'),
      '{{getv "/prod/app/port"}}',
    );
    const data = join(dir, 'data.json');
    await writeFile(data, '{"prod": {"app": {"port": 8080}}}');
    const result = await runCheck({ confdir: dir, dataFile: data, env: noEnv });
    const template = join(dir, 'templates', 'full.tmpl');
    assert.deepEqual(messages(result), [
      `${template}:1: getv: key "/prod/app/port" is outside the keys of ${join(dir, 'conf.d', 'full.toml')} (/port)`,
      `${template}:1: getv: key "/prod/app/port" not found`,
    ]);
    assert.equal(result.renders[0]?.content, 'port=8080\n');
    assert.equal(result.exitCode, 2);
  });

  it('reports every configuration problem with its file and line, and exits 2', async () => {
    const { dir, addResource } = await create();
    await writeFile(join(dir, 'confd.toml'), 'interval = 60\nintervall = 30\n');
    await addResource('typo', resourceToml('typo', ['/a'], 'reload_comand = "x"\n'), 'x');
    await addResource('syntax', '[template\nsrc = "x"\n');
    await addResource('missing', resourceToml('nowhere', ['/a']));
    await addResource('broken', resourceToml('broken', ['/a']), 'ok\n{{#if x}}\nno end\n');
    await addResource(
      'helpers',
      resourceToml('helpers', ['/meta-data/instance-id']),
      '{{getv "/meta-data/instance-id"}}\n{{uppercase "x"}}\n{{getv "/meta-data/hostname"}}\n',
    );
    const result = await runCheck({ confdir: dir, env: noEnv });
    const file = (name: string): string => join(dir, 'conf.d', `${name}.toml`);
    const template = (name: string): string => join(dir, 'templates', `${name}.tmpl`);
    assert.deepEqual(messages(result), [
      `${join(dir, 'confd.toml')}:2: unknown option "intervall"`,
      `${file('syntax')}:1: TOML syntax error: illegal character in key (column 10)`,
      `${file('typo')}:5: template.reload_comand: unknown field (expected one of: src, dest, keys, prefix, mode, uid, gid, owner, group, check_cmd, reload_cmd)`,
      `${template('broken')}:4: syntax error near "ok{{#if x}}no end": Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE', 'OPEN_ENDBLOCK', got 'EOF'`,
      `${template('helpers')}:2: unknown helper "uppercase"`,
      `${template('helpers')}:3: getv: key "/meta-data/hostname" is outside the keys of ${file('helpers')} (/meta-data/instance-id)`,
      `${file('missing')}:2: template.src: template ${template('nowhere')} not found`,
    ]);
    assert.ok(result.problems.every((problem) => problem.kind === 'config'));
    assert.equal(result.exitCode, 2);
  });

  it('reports an empty conf.d and an unreadable data file as configuration errors', async () => {
    const { dir } = await create();
    const data = join(dir, 'data.json');
    await writeFile(data, '{');
    const result = await runCheck({ confdir: dir, dataFile: data, env: noEnv });
    assert.equal(result.exitCode, 2);
    assert.equal(
      messages(result)[0],
      `${join(dir, 'conf.d')}: no template resources (*.toml) found`,
    );
    assert.match(messages(result)[1] ?? '', new RegExp(`^--data ${data}: invalid JSON: `));
  });

  it('applies CONFD_* variables like imds, and reports a bad one', async () => {
    const { dir } = await create(true);
    const result = await runCheck({ env: { CONFD_CONFDIR: dir, CONFD_LOG_LEVEL: 'loud' } });
    assert.deepEqual(messages(result), [
      'log-level: expected one of debug, info, warn, error, got "loud"',
    ]);
    assert.equal(result.confdir, dir);
    assert.equal(result.resources, 6);
    assert.equal(result.exitCode, 2);
  });
});
