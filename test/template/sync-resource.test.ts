import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseResource, type TemplateResource } from '../../src/template/resource.js';
import { syncResource } from '../../src/template/sync-resource.js';

describe('syncResource', () => {
  let root: string;
  let count = 0;
  // A fresh directory per test, so that "no stage file left" can list it.
  let dir: string;
  const resourceIn = (fields: Partial<TemplateResource> = {}): TemplateResource => ({
    file: join(dir, 'r.toml'),
    src: join(dir, 'r.tmpl'),
    dest: join(dir, 'app.conf'),
    prefix: '/',
    keys: ['/k'],
    mode: undefined,
    uid: undefined,
    gid: undefined,
    checkCmd: undefined,
    reloadCmd: undefined,
    ...fields,
  });
  const listDir = async (): Promise<string[]> => (await readdir(dir)).sort();

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'confd-sync-'));
  });
  after(() => rm(root, { recursive: true, force: true }));
  const freshDir = async (): Promise<void> => {
    dir = join(root, String(count++));
    await mkdir(dir);
  };

  it('creates a new file with mode 0644 and the process owner by default', async () => {
    await freshDir();
    const result = await syncResource(resourceIn(), 'a=1\n');
    assert.equal(result.status, 'changed', result.error?.message);
    assert.equal(result.method, 'rename');
    assert.equal(await readFile(join(dir, 'app.conf'), 'utf8'), 'a=1\n');
    const stats = await stat(join(dir, 'app.conf'));
    assert.equal(stats.mode & 0o7777, 0o644);
    assert.equal(stats.uid, process.geteuid?.());
    assert.deepEqual(await listDir(), ['app.conf']);
  });

  it('keeps an existing file mode and owner when the resource sets none', async () => {
    await freshDir();
    const dest = join(dir, 'app.conf');
    await writeFile(dest, 'old\n', { mode: 0o640 });
    execFileSync('chown', ['65534:65534', dest]);
    assert.equal((await syncResource(resourceIn(), 'new\n')).status, 'changed');
    const stats = await stat(dest);
    assert.deepEqual([stats.mode & 0o7777, stats.uid, stats.gid], [0o640, 65534, 65534]);
  });

  it('sets owner and group resolved by name (nobody/nogroup)', async (t) => {
    const hasNames = ['passwd nobody', 'group nogroup'].every((query) => {
      try {
        return execFileSync('getent', query.split(' ')).toString().includes(':65534:');
      } catch {
        return false;
      }
    });
    if (!hasNames) return t.skip('this system has no nobody/nogroup with id 65534');
    await freshDir();
    const text = `[template]\nsrc = "a"\ndest = "${join(dir, 'app.conf')}"\nkeys = ["/k"]\nowner = "nobody"\ngroup = "nogroup"\nmode = "0600"\n`;
    const resource = await parseResource(join(dir, 'r.toml'), text, { confdir: dir });
    assert.equal((await syncResource(resource, 'x\n')).status, 'changed');
    const stats = await stat(join(dir, 'app.conf'));
    assert.deepEqual([stats.mode & 0o7777, stats.uid, stats.gid], [0o600, 65534, 65534]);
  });

  it('does not write an unchanged file (same inode and mtime)', async () => {
    await freshDir();
    const resource = resourceIn({ mode: 0o600, uid: 65534, gid: 65534 });
    assert.equal((await syncResource(resource, 'same\n')).status, 'changed');
    const before = await stat(resource.dest);
    const result = await syncResource(resource, 'same\n', { diff: true });
    assert.equal(result.status, 'unchanged');
    assert.equal(result.diff, undefined);
    const after = await stat(resource.dest);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.deepEqual(await listDir(), ['app.conf']);
  });

  it('rewrites a file whose content is the same but mode or owner differ', async () => {
    await freshDir();
    await writeFile(join(dir, 'app.conf'), 'same\n');
    await chmod(join(dir, 'app.conf'), 0o666);
    const resource = resourceIn({ mode: 0o600, uid: 0, gid: 65534 });
    const result = await syncResource(resource, 'same\n', { diff: true });
    assert.equal(result.status, 'changed');
    assert.equal(result.diff, '# mode 0666 -> 0600\n# owner 0:0 -> 0:65534\n');
    const stats = await stat(resource.dest);
    assert.deepEqual([stats.mode & 0o7777, stats.gid], [0o600, 65534]);
  });

  it('fails when the destination directory is blocked by a file, naming it', async () => {
    await freshDir();
    await writeFile(join(dir, 'nope'), 'a file, not a directory');
    const result = await syncResource(resourceIn({ dest: join(dir, 'nope', 'app.conf') }), 'x');
    assert.equal(result.status, 'failed');
    assert.equal(result.error?.code, 'CONFD_WRITE');
    assert.match(result.error?.message ?? '', new RegExp(`${dir}/nope/app.conf: ENOTDIR`));
  });

  it('noop writes nothing, creates no stage file, runs nothing and returns a diff', async () => {
    await freshDir();
    await writeFile(join(dir, 'app.conf'), 'a=1\nb=2\n');
    const marker = join(dir, 'ran');
    const resource = resourceIn({ checkCmd: `touch ${marker}`, reloadCmd: `touch ${marker}` });
    const result = await syncResource(resource, 'a=1\nb=3\n', { noop: true, diff: true });
    assert.equal(result.status, 'would-change');
    assert.match(
      result.diff ?? '',
      new RegExp(`--- ${dir}/app.conf\\n\\+\\+\\+ ${dir}/app.conf\\n`),
    );
    assert.match(result.diff ?? '', /\n-b=2\n\+b=3\n/);
    assert.equal(await readFile(join(dir, 'app.conf'), 'utf8'), 'a=1\nb=2\n');
    assert.deepEqual(await listDir(), ['app.conf']);
    const fresh = await syncResource(resourceIn({ dest: join(dir, 'new.conf') }), 'x\n', {
      noop: true,
      diff: true,
    });
    assert.equal(fresh.status, 'would-change');
    assert.match(fresh.diff ?? '', /--- \/dev\/null\n/);
    assert.equal((await syncResource(resource, 'a=1\nb=2\n', { noop: true })).status, 'unchanged');
    assert.deepEqual(await listDir(), ['app.conf']);
  });

  it('noop with keepStageFile leaves the rendered stage file for inspection', async () => {
    await freshDir();
    const result = await syncResource(resourceIn({ mode: 0o600 }), 'look\n', {
      noop: true,
      keepStageFile: true,
    });
    assert.equal(result.status, 'would-change');
    assert.ok(result.stageFile !== undefined);
    assert.equal(await readFile(result.stageFile, 'utf8'), 'look\n');
    assert.equal((await stat(result.stageFile)).mode & 0o7777, 0o600);
    assert.deepEqual(await listDir(), [result.stageFile.slice(dir.length + 1)]);
  });
});
