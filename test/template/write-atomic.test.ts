import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WriteError } from '../../src/errors.js';
import {
  installStageFile,
  writeStageFile,
  type FileSpec,
} from '../../src/template/write-atomic.js';

describe('writeStageFile / installStageFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confd-write-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const umask of [0o077, 0o000]) {
    for (const mode of [0o640, 0o600, 0o755, 0o2750]) {
      it(`stages with exactly mode ${mode.toString(8)} under umask ${umask.toString(8)}`, async () => {
        const previous = process.umask(umask);
        try {
          const spec: FileSpec = { content: 'hello\n', mode, uid: 65534, gid: 65534 };
          const dest = join(dir, `m-${umask}-${mode}.conf`);
          const stage = await writeStageFile(dest, spec);
          assert.match(stage, new RegExp(`/\\.m-${umask}-${mode}\\.conf\\.[0-9a-f]{12}$`));
          const stats = await stat(stage);
          assert.equal(stats.mode & 0o7777, mode);
          assert.equal(stats.uid, 65534);
          assert.equal(stats.gid, 65534);
          assert.equal(await readFile(stage, 'utf8'), 'hello\n');
          assert.equal(await installStageFile(stage, dest, spec), 'rename');
          assert.equal((await stat(dest)).mode & 0o7777, mode);
        } finally {
          process.umask(previous);
        }
      });
    }
  }

  it('creates a missing destination directory with mode 0755 (less the umask)', async () => {
    const dest = join(dir, 'absent', 'deeper', 'x.conf');
    const stage = await writeStageFile(dest, { content: 'x', mode: 0o644, uid: 0, gid: 0 });
    const umask = process.umask();
    assert.equal((await stat(join(dir, 'absent', 'deeper'))).mode & 0o777, 0o755 & ~umask);
    assert.equal(await readFile(stage, 'utf8'), 'x');
    await rm(stage);
  });

  it('names the directory when a file blocks it', async () => {
    await writeFile(join(dir, 'blocker'), 'not a directory');
    await assert.rejects(
      writeStageFile(join(dir, 'blocker', 'x.conf'), { content: '', mode: 0o644, uid: 0, gid: 0 }),
      (err) => {
        assert.ok(err instanceof WriteError);
        assert.equal(err.code, 'CONFD_WRITE');
        assert.match(
          err.message,
          new RegExp(`destination directory ${dir}/blocker cannot be created`),
        );
        return true;
      },
    );
  });

  it('writes in place when rename says EXDEV or EBUSY (injected rename)', async () => {
    for (const code of ['EXDEV', 'EBUSY']) {
      const dest = join(dir, `inplace-${code}.conf`);
      await writeFile(dest, 'old old old old\n', { mode: 0o666 });
      const spec: FileSpec = { content: 'new\n', mode: 0o600, uid: 65534, gid: 0 };
      const stage = await writeStageFile(dest, spec);
      const refuse = (): Promise<void> => Promise.reject(Object.assign(new Error(code), { code }));
      const before = await stat(dest);
      assert.equal(await installStageFile(stage, dest, spec, refuse), 'in-place');
      const after = await stat(dest);
      assert.equal(after.ino, before.ino, 'same inode: written in place');
      assert.equal(await readFile(dest, 'utf8'), 'new\n');
      assert.equal(after.mode & 0o7777, 0o600);
      assert.equal(after.uid, 65534);
      await assert.rejects(stat(stage), { code: 'ENOENT' });
    }
  });

  it('writes in place over a bind-mounted file (real mount --bind)', async (t) => {
    const source = join(dir, 'mount-source.conf');
    const dest = join(dir, 'mounted.conf');
    await writeFile(source, 'before\n');
    await writeFile(dest, '');
    try {
      execFileSync('mount', ['--bind', source, dest], { stdio: 'ignore' });
    } catch {
      t.skip('mount --bind is not permitted here; the injected-rename test covers the fallback');
      return;
    }
    try {
      const spec: FileSpec = { content: 'after\n', mode: 0o640, uid: 0, gid: 0 };
      const stage = await writeStageFile(dest, spec);
      assert.equal(await installStageFile(stage, dest, spec), 'in-place');
      assert.equal(await readFile(dest, 'utf8'), 'after\n');
      assert.equal(await readFile(source, 'utf8'), 'after\n', 'the mounted file itself changed');
      assert.equal((await stat(dest)).mode & 0o7777, 0o640);
    } finally {
      execFileSync('umount', [dest]);
    }
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('.mounted')),
      [],
      'no stage file left',
    );
  });

  it('reports other rename failures without touching the destination', async () => {
    const dest = join(dir, 'eacces.conf');
    await writeFile(dest, 'keep\n');
    const spec: FileSpec = { content: 'new\n', mode: 0o644, uid: 0, gid: 0 };
    const stage = await writeStageFile(dest, spec);
    const refuse = (): Promise<void> =>
      Promise.reject(Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    await assert.rejects(
      installStageFile(stage, dest, spec, refuse),
      /cannot rename .* to .*eacces\.conf: EACCES/,
    );
    assert.equal(await readFile(dest, 'utf8'), 'keep\n');
    await rm(stage);
  });
});
