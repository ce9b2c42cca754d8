import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../src/log.js';
import { createSystemdNotifier } from '../src/sd-notify.js';

// Binds an AF_UNIX datagram socket (Node cannot) and prints each datagram as one JSON line;
// passed descriptors (systemd-notify's barrier) are closed so that the barrier completes.
const receiverScript = `
import array, json, os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data, ancillary, _flags, _addr = s.recvmsg(65536, socket.CMSG_SPACE(64))
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds = array.array("i")
            fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
            for fd in fds:
                os.close(fd)
    print(json.dumps(data.decode()), flush=True)
`;

interface Receiver {
  readonly socket: string;
  /** Datagrams received so far, barrier messages left out. */
  readonly messages: string[];
  readonly child: ChildProcess;
}

// Starts the receiver on `<dir>/notify.sock` and resolves once it is bound.
function startReceiver(dir: string): Promise<Receiver> {
  const socket = join(dir, 'notify.sock');
  const child = spawn('/usr/bin/python3', ['-c', receiverScript, socket], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const messages: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.on('error', reject);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line === 'LISTENING') resolve({ socket, messages, child });
        else if (line !== '') messages.push(JSON.parse(line) as string);
      }
    });
  });
}

// Waits (bounded) until `count` non-barrier datagrams arrived; python prints after receiving.
async function waitForMessages(receiver: Receiver, count: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  const payloads = (): string[] => receiver.messages.filter((m) => m !== 'BARRIER=1');
  while (payloads().length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return payloads();
}

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
    assert.equal(notifier.enabled, true);
    const outcomes = await Promise.all([
      notifier.ready('5 resources in sync'),
      notifier.reloading(),
      notifier.ready(),
      notifier.status('line one\nline two'),
      notifier.stopping(),
    ]);
    assert.deepEqual(outcomes, ['sent', 'sent', 'sent', 'sent', 'sent']);
    assert.deepEqual(await waitForMessages(receiver, 5), [
      'READY=1\nSTATUS=5 resources in sync',
      'RELOADING=1',
      'READY=1',
      'STATUS=line one line two',
      'STOPPING=1',
    ]);
  });

  it('runs nothing when NOTIFY_SOCKET is absent or empty', async () => {
    const marker = join(dir, 'ran');
    const command = join(dir, 'fake-notify');
    await writeFile(command, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    for (const env of [{}, { NOTIFY_SOCKET: '' }]) {
      const notifier = createSystemdNotifier(env, { command });
      assert.equal(notifier.enabled, false);
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
