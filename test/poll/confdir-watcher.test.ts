import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createSilentLogger } from '../../src/log.js';
import { watchConfdir, type ConfdirWatcher } from '../../src/poll/confdir-watcher.js';

// Long enough for the watcher to have reported anything it was going to report.
const settleMs = 600;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('watchConfdir', () => {
  let dir: string;
  let watcher: ConfdirWatcher | undefined;
  let calls: string[][];
  let nextCall: (() => void) | undefined;

  // Starts watching `dir` (confd.toml inside it unless `configFile` is given).
  async function start(configFile = join(dir, 'confd.toml')): Promise<void> {
    watcher = watchConfdir({
      confdir: dir,
      configFile,
      debounceMs: 100,
      logger: createSilentLogger(),
      onChange: (paths) => {
        calls.push(paths);
        nextCall?.();
      },
    });
    await watcher.ready;
  }

  // Resolves at the next onChange call (bounded, so a missing call fails instead of hanging).
  function waitForCall(): Promise<string[]> {
    const count = calls.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no onChange call within 10 s')), 10_000);
      nextCall = () => {
        if (calls.length === count) return;
        clearTimeout(timer);
        resolve(calls[count] ?? []);
      };
    });
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confd-ts-watch-'));
    await mkdir(join(dir, 'conf.d'));
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'conf.d', 'app.toml'), '[template]\n');
    await writeFile(join(dir, 'templates', 'app.tmpl'), 'v1\n');
    calls = [];
    nextCall = undefined;
  });

  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('turns a burst of five writes into one call', async () => {
    await start();
    const called = waitForCall();
    const file = join(dir, 'conf.d', 'app.toml');
    for (let i = 0; i < 5; i++) await writeFile(file, `[template]\n# ${i}\n`);
    assert.deepEqual(await called, [file]);
    await sleep(settleMs);
    assert.equal(calls.length, 1);
  });

  it('reports an added, a changed and a removed resource, in nested directories too', async () => {
    await start();
    const added = join(dir, 'conf.d', 'team', 'web.toml');
    await mkdir(join(dir, 'conf.d', 'team'));
    let called = waitForCall();
    await writeFile(added, '[template]\n');
    assert.deepEqual(await called, [added]);
    called = waitForCall();
    await writeFile(added, '[template]\nsrc = "web.tmpl"\n');
    assert.deepEqual(await called, [added]);
    called = waitForCall();
    await unlink(added);
    assert.deepEqual(await called, [added]);
  });

  it('reports a template change and an editor save (temp file renamed over it)', async () => {
    await start();
    const template = join(dir, 'templates', 'app.tmpl');
    let called = waitForCall();
    await writeFile(template, 'v2\n');
    assert.deepEqual(await called, [template]);
    called = waitForCall();
    await writeFile(join(dir, 'templates', '.app.tmpl.swp'), 'swap');
    await writeFile(join(dir, 'templates', '.app.tmpl.new'), 'v3\n');
    await rename(join(dir, 'templates', '.app.tmpl.new'), template);
    assert.deepEqual(await called, [template]);
  });

  it('reports confd.toml created, changed and removed', async () => {
    await start();
    const config = join(dir, 'confd.toml');
    for (const step of [
      () => writeFile(config, 'interval = 60\n'),
      () => writeFile(config, 'interval = 30\n'),
      () => unlink(config),
      () => writeFile(config, 'interval = 10\n'),
    ]) {
      const called = waitForCall();
      await step();
      assert.deepEqual(await called, [config]);
    }
  });

  it('watches a config file outside the confdir', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'confd-ts-watch-config-'));
    try {
      const config = join(elsewhere, 'confd-ts.toml');
      await start(config);
      const called = waitForCall();
      await writeFile(config, 'interval = 60\n');
      assert.deepEqual(await called, [config]);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('ignores unrelated files, non-TOML files in conf.d and editor artifacts', async () => {
    await start();
    await writeFile(join(dir, 'README.md'), 'unrelated');
    await writeFile(join(dir, 'conf.d', 'notes.txt'), 'not a resource');
    await writeFile(join(dir, 'conf.d', '.app.toml.swp'), 'swap');
    await writeFile(join(dir, 'conf.d', 'app.toml~'), 'backup');
    await writeFile(join(dir, 'templates', 'app.tmpl.swx'), 'swap');
    await writeFile(join(dir, 'templates', '4913'), '');
    await mkdir(join(dir, 'other'));
    await writeFile(join(dir, 'other', 'x.toml'), '');
    await sleep(settleMs);
    assert.deepEqual(calls, []);
  });

  it('reports nothing after close, and close is idempotent', async () => {
    await start();
    await writeFile(join(dir, 'conf.d', 'app.toml'), '[template]\n# pending\n');
    const current = watcher;
    await Promise.all([current?.close(), current?.close()]);
    await current?.close();
    await writeFile(join(dir, 'conf.d', 'app.toml'), '[template]\n# after close\n');
    await writeFile(join(dir, 'templates', 'app.tmpl'), 'after close\n');
    await sleep(settleMs);
    assert.deepEqual(calls, []);
  });
});
