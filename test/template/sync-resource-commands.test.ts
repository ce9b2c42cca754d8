import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TemplateResource } from '../../src/template/resource.js';
import { syncResource } from '../../src/template/sync-resource.js';

describe('syncResource with check_cmd and reload_cmd', () => {
  let root: string;
  let count = 0;
  let dir: string;
  let dest: string;
  const resourceIn = (fields: Partial<TemplateResource>): TemplateResource => ({
    file: join(dir, 'r.toml'),
    src: join(dir, 'r.tmpl'),
    dest,
    prefix: '/',
    keys: ['/k'],
    mode: 0o640,
    uid: 0,
    gid: 0,
    checkCmd: undefined,
    reloadCmd: undefined,
    ...fields,
  });
  const listDir = async (): Promise<string[]> => (await readdir(dir)).sort();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'confd-cmd-'));
  });
  after(() => rm(root, { recursive: true, force: true }));
  const freshDir = async (existing?: string): Promise<void> => {
    dir = join(root, String(count++));
    await mkdir(dir);
    dest = join(dir, 'app.conf');
    if (existing !== undefined) await writeFile(dest, existing, { mode: 0o640 });
  };

  it('check_cmd sees the new content in {{src}}, never world-readable, and {{dest}}', async () => {
    for (const umask of [0o000, 0o077]) {
      const previous = process.umask(umask);
      try {
        await freshDir('old\n');
        const out = join(dir, 'seen');
        const checkCmd = `{ stat -c %a {{src}}; cat {{ .src }}; echo {{dest}}; } > ${out}`;
        const result = await syncResource(resourceIn({ checkCmd }), 'new\n');
        assert.equal(result.status, 'changed', result.error?.message);
        assert.equal(result.check?.ok, true);
        assert.equal(await readFile(out, 'utf8'), `640\nnew\n${dest}\n`);
        assert.equal((await stat(dest)).mode & 0o7777, 0o640);
      } finally {
        process.umask(previous);
      }
    }
  });

  it('a failing check_cmd leaves the destination byte-identical and no stage file', async () => {
    await freshDir('precious\n');
    const before = await stat(dest);
    const checkCmd = 'echo line1 >&2; echo line2 >&2; exit 3';
    const result = await syncResource(
      resourceIn({ checkCmd, reloadCmd: `touch ${dir}/reloaded` }),
      'bad\n',
    );
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'CONFD_CHECK_CMD');
    assert.match(
      result.error?.message ?? '',
      /check_cmd for .*app\.conf exited with code 3 \(echo line1.*\)$/,
    );
    assert.equal(result.check?.output, 'line1\nline2');
    assert.equal(result.check?.exitCode, 3);
    assert.equal(await readFile(dest, 'utf8'), 'precious\n');
    assert.equal((await stat(dest)).ino, before.ino);
    assert.deepEqual(await listDir(), ['app.conf']);
  });

  it('keepStageFile keeps the stage file of a failed check for inspection', async () => {
    await freshDir('precious\n');
    const result = await syncResource(resourceIn({ checkCmd: 'false' }), 'bad\n', {
      keepStageFile: true,
    });
    assert.equal(result.status, 'failed');
    assert.ok(result.stageFile !== undefined);
    assert.equal(await readFile(result.stageFile, 'utf8'), 'bad\n');
    assert.equal(await readFile(dest, 'utf8'), 'precious\n');
    const ok = await syncResource(resourceIn({}), 'good\n', { keepStageFile: true });
    assert.equal(ok.status, 'changed');
    assert.equal(ok.stageFile, undefined, 'a stage file renamed into place is gone, as in confd');
  });

  it('reload_cmd runs only when the file changed', async () => {
    await freshDir();
    const counter = join(dir, 'reloads');
    const resource = resourceIn({ reloadCmd: `echo {{dest}} >> ${counter}` });
    assert.equal((await syncResource(resource, 'v1\n')).reload?.ok, true);
    assert.equal((await syncResource(resource, 'v1\n')).status, 'unchanged');
    assert.equal((await syncResource(resource, 'v2\n')).status, 'changed');
    assert.equal(await readFile(counter, 'utf8'), `${dest}\n${dest}\n`);
  });

  it('a failed or timed-out reload_cmd is reported; the file is still written', async () => {
    await freshDir();
    const failed = await syncResource(resourceIn({ reloadCmd: 'echo boom >&2; exit 1' }), 'v1\n');
    assert.equal(failed.status, 'changed');
    assert.equal(failed.error?.code, 'CONFD_RELOAD_CMD');
    assert.match(
      failed.error?.message ?? '',
      /reload_cmd for .* exited with code 1 \(echo boom.*\)$/,
    );
    assert.equal(failed.reload?.output, 'boom');
    const pidFile = join(dir, 'pid');
    const slow = resourceIn({ reloadCmd: `sleep 60 & echo $! > ${pidFile}; wait` });
    const timedOut = await syncResource(slow, 'v2\n', { commandTimeoutMs: 300 });
    assert.equal(timedOut.status, 'changed');
    assert.equal(timedOut.reload?.timedOut, true);
    assert.equal(timedOut.reload?.ok, false);
    assert.match(timedOut.error?.message ?? '', /reload_cmd for .* timed out and was killed/);
    assert.equal(await readFile(dest, 'utf8'), 'v2\n');
    const pid = Number(await readFile(pidFile, 'utf8'));
    assert.equal(await waitUntilGone(pid), true, 'the child of the shell was killed too');
  });

  it('syncOnly writes the file and runs no command', async () => {
    await freshDir('old\n');
    const marker = join(dir, 'ran');
    const resource = resourceIn({
      checkCmd: `touch ${marker}; false`,
      reloadCmd: `touch ${marker}`,
    });
    const result = await syncResource(resource, 'new\n', { syncOnly: true });
    assert.equal(result.status, 'changed');
    assert.equal(result.check, undefined);
    assert.equal(result.reload, undefined);
    assert.equal(await readFile(dest, 'utf8'), 'new\n');
    assert.deepEqual(await listDir(), ['app.conf']);
  });
});

// Signals are delivered asynchronously: give the killed process a few seconds to go.
async function waitUntilGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if (!isRunning(pid)) return true;
    await sleep(100);
  }
  return false;
}

// Alive and not a zombie waiting for a reaper.
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}
