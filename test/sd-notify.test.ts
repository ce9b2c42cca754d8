import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { createSystemdNotifier } from '../src/sd-notify.js';
import { startReceiver, waitForMessages, type Receiver } from './helpers/notify-receiver.js';

describe('createSystemdNotifier', () => {
  let dir: string;
  let receiver: Receiver;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confd-ts-notify-'));
    receiver = await startReceiver(dir);
  });

  after(async () => {
    const exited = once(receiver.child, 'exit');
    receiver.child.kill();
    await exited;
    await rm(dir, { recursive: true, force: true });
  });

  it('sends READY=1, RELOADING=1, READY=1 and STOPPING=1 in call order', async () => {
    const notifier = createSystemdNotifier({ NOTIFY_SOCKET: receiver.socket });
    const outcomes = await Promise.all([
      notifier.ready('5 resources in sync'),
      notifier.reloading(),
      notifier.ready('line one\nline two'),
      notifier.stopping(),
    ]);
    assert.deepEqual(outcomes, ['sent', 'sent', 'sent', 'sent']);
    assert.deepEqual(await waitForMessages(receiver, 4), [
      'READY=1\nSTATUS=5 resources in sync',
      'RELOADING=1',
      'READY=1\nSTATUS=line one line two',
      'STOPPING=1',
    ]);
  });

  it('runs nothing when NOTIFY_SOCKET is absent or empty', async () => {
    const marker = join(dir, 'ran');
    const command = join(dir, 'fake-notify');
    await writeFile(command, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    for (const env of [{}, { NOTIFY_SOCKET: '' }]) {
      const notifier = createSystemdNotifier(env, { command });
      assert.equal(await notifier.ready(), 'skipped');
      assert.equal(await notifier.stopping(), 'skipped');
    }
    await assert.rejects(stat(marker), { code: 'ENOENT' });
  });

  it('resolves to failed and warns, never rejects, when the socket is missing', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', format: 'json', write: (l) => lines.push(l) });
    const missing = join(dir, 'no-such.sock');
    const notifier = createSystemdNotifier({ NOTIFY_SOCKET: missing }, { logger });
    assert.equal(await notifier.ready(), 'failed');
    assert.equal(lines.length, 1);
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    assert.equal(record.msg, 'systemd notification failed');
    assert.equal(record.socket, missing);
    assert.equal(record.message, 'READY=1');
    assert.match(String(record.reason), /No such file or directory/);
  });
});
