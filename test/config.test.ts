import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';

describe('resolveConfig', () => {
  let confdir: string;
  before(async () => {
    confdir = await mkdtemp(join(tmpdir(), 'confd-config-'));
  });
  after(() => rm(confdir, { recursive: true, force: true }));

  const writeToml = (text: string): Promise<void> => writeFile(join(confdir, 'confd.toml'), text);

  it('applies defaults when nothing is set', async () => {
    const config = await resolveConfig({ confdir: join(confdir, 'empty') }, {}, false);
    assert.equal(config.provider, 'auto');
    assert.equal(config.intervalMs, 600_000);
    assert.equal(config.cacheTtlMs, 60_000);
    assert.equal(config.logFormat, 'json');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.onetime, false);
    assert.ok(Object.isFrozen(config));
    assert.equal(
      (await resolveConfig({ confdir: join(confdir, 'empty') }, {}, true)).logFormat,
      'text',
    );
  });

  it('takes flag over environment over confd.toml over default', async () => {
    await writeToml('interval = 100\nimds_cache_ttl = "2m"\nlog-level = "warn"\nnoop = true\n');
    const env = { CONFD_INTERVAL: '200', CONFD_IMDS_CACHE_TTL: '30s' };
    const all = await resolveConfig({ confdir, interval: '300' }, env, false);
    assert.deepEqual(
      [all.intervalMs, all.cacheTtlMs, all.logLevel, all.noop],
      [300_000, 30_000, 'warn', true],
    );
    const noFlag = await resolveConfig({ confdir }, env, false);
    assert.equal(noFlag.intervalMs, 200_000);
    const fileOnly = await resolveConfig({ confdir }, {}, false);
    assert.deepEqual([fileOnly.intervalMs, fileOnly.cacheTtlMs], [100_000, 120_000]);
    const envFalse = await resolveConfig({ confdir }, { CONFD_NOOP: 'false' }, false);
    assert.equal(envFalse.noop, false);
  });

  it('names the file, line and option of a mistake in confd.toml', async () => {
    await writeToml('# comment\ninterval = 60\nintervall = 30\n');
    await assert.rejects(resolveConfig({ confdir }, {}, false), {
      name: 'ConfigError',
      message: `${join(confdir, 'confd.toml')}:3: unknown option "intervall"`,
    });
    await writeToml('onetime = "yes"\n');
    await assert.rejects(
      resolveConfig({ confdir }, {}, false),
      /confd\.toml:1: onetime: expected a boolean, got "yes"/,
    );
    await writeToml('interval = [\n');
    await assert.rejects(resolveConfig({ confdir }, {}, false), /confd\.toml:2: invalid TOML/);
  });

  it('rejects bad durations, choices and booleans, naming where they came from', async () => {
    await writeToml('');
    await assert.rejects(
      resolveConfig({ confdir, interval: '0' }, {}, false),
      /^ConfigError: interval: must be more than zero$/,
    );
    await assert.rejects(
      resolveConfig({ confdir }, { CONFD_COMMAND_TIMEOUT: '0s' }, false),
      /command-timeout: must be more than zero/,
    );
    await assert.rejects(
      resolveConfig({ confdir, 'imds-cache-ttl': '5 minutes' }, {}, false),
      /imds-cache-ttl: expected a duration/,
    );
    await assert.rejects(
      resolveConfig({ confdir }, { CONFD_PROVIDER: 'openstack' }, false),
      /provider: expected one of aws, azure, gcp, auto, got "openstack"/,
    );
    await assert.rejects(resolveConfig({ confdir }, { CONFD_ONETIME: 'maybe' }, false), (err) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /CONFD_ONETIME: expected true or false, got "maybe"/);
      return true;
    });
  });

  it('reads an explicit --config-file and refuses a missing one', async () => {
    const file = join(confdir, 'other.toml');
    await writeFile(file, 'prefix = "/meta-data"\n');
    const config = await resolveConfig({ confdir, 'config-file': file }, {}, false);
    assert.equal(config.prefix, '/meta-data');
    await assert.rejects(
      resolveConfig({ confdir, 'config-file': join(confdir, 'absent.toml') }, {}, false),
      /absent\.toml: cannot read config file/,
    );
  });
});
