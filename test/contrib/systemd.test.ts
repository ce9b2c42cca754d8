import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../helpers/temp-confdir.js';

const unitDir = join(repoRoot, 'contrib', 'systemd');
const unitNames = ['confd-ts.service', 'confd-ts-onetime.service'];

type Unit = Map<string, string[]>;

// `[Section]` + `Key=value` lines -> 'Section.Key' -> every value, in order; comments skipped.
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/u.exec(line);
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    const at = line.indexOf('=');
    assert.notEqual(at, -1, `not a Key=value line: ${line}`);
    const key = `${section}.${line.slice(0, at).trim()}`;
    unit.set(key, [...(unit.get(key) ?? []), line.slice(at + 1).trim()]);
  }
  return unit;
}

async function readUnit(name: string): Promise<Unit> {
  return parseUnit(await readFile(join(unitDir, name), 'utf8'));
}

function only(unit: Unit, key: string): string | undefined {
  const values = unit.get(key);
  assert.ok(values === undefined || values.length === 1, `${key} is set more than once`);
  return values?.[0];
}

const hardening = [
  'NoNewPrivileges',
  'ProtectSystem',
  'ProtectHome',
  'PrivateTmp',
  'ProtectKernelTunables',
  'ProtectKernelModules',
  'RestrictAddressFamilies',
  'LockPersonality',
  'RestrictRealtime',
  'SystemCallArchitectures',
];

describe('contrib/systemd units', () => {
  it('confd-ts.service is a notify daemon that reloads with SIGHUP', async () => {
    const unit = await readUnit('confd-ts.service');
    assert.equal(only(unit, 'Service.Type'), 'notify');
    assert.equal(only(unit, 'Service.NotifyAccess'), 'all');
    assert.match(only(unit, 'Service.ExecStart') ?? '', /^\/usr\/bin\/confd-ts imds .*--interval/u);
    assert.match(only(unit, 'Service.ExecStart') ?? '', /--metrics-addr 127\.0\.0\.1:9100/u);
    assert.equal(only(unit, 'Service.ExecReload'), '/bin/kill -HUP $MAINPID');
    assert.equal(only(unit, 'Service.Restart'), 'on-failure');
    assert.equal(only(unit, 'Install.WantedBy'), 'multi-user.target');
  });

  it('confd-ts-onetime.service renders once at boot, before its consumers', async () => {
    const unit = await readUnit('confd-ts-onetime.service');
    assert.equal(only(unit, 'Service.Type'), 'oneshot');
    assert.equal(only(unit, 'Service.RemainAfterExit'), 'yes');
    assert.match(only(unit, 'Service.ExecStart') ?? '', /^\/usr\/bin\/confd-ts imds .*--onetime/u);
    assert.match(only(unit, 'Unit.Before') ?? '', /confd-ts\.service/u);
    assert.equal(only(unit, 'Unit.After'), 'network-online.target');
    assert.equal(only(unit, 'Unit.Wants'), 'network-online.target');
    assert.equal(only(unit, 'Install.WantedBy'), 'multi-user.target');
  });

  it('both are hardened, without MemoryDenyWriteExecute (V8 needs W+X pages)', async () => {
    for (const name of unitNames) {
      const unit = await readUnit(name);
      for (const directive of hardening) {
        assert.ok(unit.has(`Service.${directive}`), `${name} lacks ${directive}=`);
      }
      assert.equal(only(unit, 'Service.ProtectSystem'), 'strict');
      assert.equal(only(unit, 'Service.RestrictAddressFamilies'), 'AF_UNIX AF_INET AF_INET6');
      assert.ok(unit.has('Service.ReadWritePaths'), `${name} lacks ReadWritePaths=`);
      assert.equal(unit.has('Service.MemoryDenyWriteExecute'), false, name);
    }
  });

  it('pass systemd-analyze verify without a warning', async (t) => {
    if (spawnSync('systemd-analyze', ['--version']).error) {
      t.skip('systemd-analyze is not installed');
      return;
    }
    // verify checks that ExecStart's program exists: point it at a stub instead.
    const dir = await mkdtemp(join(tmpdir(), 'confd-ts-units-'));
    try {
      const stub = join(dir, 'confd-ts');
      await writeFile(stub, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      for (const name of unitNames) {
        const text = await readFile(join(unitDir, name), 'utf8');
        await writeFile(join(dir, name), text.replaceAll('/usr/bin/confd-ts', stub));
      }
      const result = spawnSync(
        'systemd-analyze',
        ['verify', '--man=no', ...unitNames.map((name) => join(dir, name))],
        { encoding: 'utf8' },
      );
      assert.equal(result.stderr, '');
      assert.equal(result.status, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
