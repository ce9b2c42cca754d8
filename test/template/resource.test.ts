import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { stripKeyPrefix } from '../../src/template/key-prefix.js';
import { parseResource } from '../../src/template/resource.js';
import { ResourceError } from '../../src/template/resource-error.js';

const FILE = '/etc/confd/conf.d/app.toml';
const context = { confdir: '/etc/confd' };

describe('parseResource', () => {
  it('parses a full resource, joining prefixes and resolving paths', async () => {
    const text = [
      '[template]',
      'src = "app.tmpl"',
      'dest = "out/app.conf"',
      'prefix = "app/"',
      'keys = ["/port", "hosts/", "/"]',
      'mode = "600"',
      'uid = 65534',
      'gid = 65534',
      'check_cmd = "test -s {{src}}"',
      'reload_cmd = "true"',
      '',
    ].join('\n');
    const resource = await parseResource(FILE, text, { ...context, prefix: '/prod' });
    assert.deepEqual(resource, {
      file: FILE,
      src: '/etc/confd/templates/app.tmpl',
      dest: '/etc/confd/out/app.conf',
      prefix: '/prod/app',
      keys: ['/prod/app/port', '/prod/app/hosts', '/prod/app'],
      mode: 0o600,
      uid: 65534,
      gid: 65534,
      checkCmd: 'test -s {{src}}',
      reloadCmd: 'true',
    });
    assert.ok(Object.isFrozen(resource) && Object.isFrozen(resource.keys));
    assert.equal(stripKeyPrefix(resource.prefix, '/prod/app/port'), '/port');
  });

  it('leaves unset optional fields undefined and the prefix at /', async () => {
    const text =
      '[template]\nsrc = "a.tmpl"\ndest = "/etc/a.conf"\nkeys = ["/meta-data/instance-id"]\n';
    const resource = await parseResource(FILE, text, context);
    assert.equal(resource.dest, '/etc/a.conf');
    assert.equal(resource.prefix, '/');
    assert.deepEqual(resource.keys, ['/meta-data/instance-id']);
    assert.equal(resource.mode, undefined);
    assert.equal(resource.uid, undefined);
    assert.equal(resource.checkCmd, undefined);
  });

  it('accepts the usual spellings of a mode', async () => {
    for (const [mode, expected] of [
      ['0644', 0o644],
      ['644', 0o644],
      ['0o640', 0o640],
      ['04755', 0o4755],
    ] as const) {
      const text = `[template]\nsrc = "a"\ndest = "b"\nkeys = ["/k"]\nmode = "${mode}"\n`;
      assert.equal((await parseResource(FILE, text, context)).mode, expected, mode);
    }
  });

  it('resolves owner and group names', async () => {
    const text =
      '[template]\nsrc = "a"\ndest = "b"\nkeys = ["/k"]\nowner = "root"\ngroup = "root"\n';
    const resource = await parseResource(FILE, text, context);
    assert.equal(resource.uid, 0);
    assert.equal(resource.gid, 0);
  });

  const base = 'src = "a.tmpl"\ndest = "a.conf"\nkeys = ["/k"]\n';
  const errorCases: { name: string; text: string; line: number | undefined; message: RegExp }[] = [
    {
      name: 'unknown field, with its line',
      text: `[template]\n${base}sorce = "x"\n`,
      line: 5,
      message: /app\.toml:5: template\.sorce: unknown field \(expected one of: src, dest/,
    },
    {
      name: 'unknown top-level table',
      text: `[template]\n${base}\n[extra]\nx = 1\n`,
      line: 6,
      message: /app\.toml:6: extra: unknown top-level table/,
    },
    {
      name: 'unknown sub-table of [template]',
      text: `[template]\n${base}\n[template.extra]\nx = 1\n`,
      line: 6,
      message: /app\.toml:6: template\.extra: unknown field/,
    },
    {
      name: 'wrong type',
      text: `[template]\n${base}uid = "root"\n`,
      line: 5,
      message: /:5: template\.uid: must be a non-negative integer id, got "root"/,
    },
    {
      name: 'keys not an array of strings',
      text: '[template]\nsrc = "a"\ndest = "b"\nkeys = "/k"\n',
      line: 4,
      message: /:4: template\.keys: must be an array of non-empty strings, got "\/k"/,
    },
    {
      name: 'empty keys',
      text: '[template]\nsrc = "a"\ndest = "b"\nkeys = []\n',
      line: 4,
      message: /template\.keys: must list at least one key/,
    },
    {
      name: 'missing src',
      text: '# comment\n[template]\ndest = "b"\nkeys = ["/k"]\n',
      line: 2,
      message: /app\.toml:2: template\.src: missing required field/,
    },
    {
      name: 'missing dest',
      text: '[template]\nsrc = "a"\nkeys = ["/k"]\n',
      line: 1,
      message: /template\.dest: missing/,
    },
    {
      name: 'missing keys',
      text: '[template]\nsrc = "a"\ndest = "b"\n',
      line: 1,
      message: /template\.keys: missing/,
    },
    {
      name: 'missing [template]',
      text: '# nothing here\n',
      line: undefined,
      message: /app\.toml: missing \[template\] table/,
    },
    {
      name: 'mode as a TOML integer',
      text: `[template]\n${base}mode = 0o644\n`,
      line: 5,
      message: /:5: template\.mode: must be an octal string such as "0644", got the number 420/,
    },
    {
      name: 'mode not octal',
      text: `[template]\n${base}mode = "0988"\n`,
      line: 5,
      message: /template\.mode: must be an octal string such as "0644" or "644", got "0988"/,
    },
    {
      name: 'owner together with uid',
      text: `[template]\n${base}uid = 0\nowner = "root"\n`,
      line: 6,
      message: /:6: template\.owner: cannot be combined with uid/,
    },
    {
      name: 'group together with gid',
      text: `[template]\n${base}group = "root"\ngid = 0\n`,
      line: 5,
      message: /:5: template\.group: cannot be combined with gid/,
    },
    {
      name: 'unknown owner name',
      text: `[template]\n${base}owner = "no-such-user-confd-ts"\n`,
      line: 5,
      message: /template\.owner: unknown user "no-such-user-confd-ts"/,
    },
    {
      name: 'syntax error, with its line',
      text: '[template]\nsrc = "a"\ndest = \nkeys = ["/k"]\n',
      line: 3,
      message: /app\.toml:3: TOML syntax error: /,
    },
  ];
  for (const { name, text, line, message } of errorCases) {
    it(`rejects: ${name}`, async () => {
      const err = await parseResource(FILE, text, context).then(
        () => assert.fail('expected an error'),
        (error: unknown) => error,
      );
      assert.ok(err instanceof ResourceError, String(err));
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'CONFD_CONFIG');
      assert.equal(err.file, FILE);
      assert.equal(err.line, line);
      assert.match(err.message, message);
    });
  }
});

describe('stripKeyPrefix', () => {
  it('removes whole segments only', () => {
    assert.equal(stripKeyPrefix('/prod', '/prod/a/b'), '/a/b');
    assert.equal(stripKeyPrefix('/prod', '/prod'), '/');
    assert.equal(stripKeyPrefix('/prod', '/production/a'), '/production/a');
    assert.equal(stripKeyPrefix('/', '/a/b'), '/a/b');
  });
});
