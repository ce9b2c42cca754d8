import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expandCommand, runCommand } from '../../src/template/commands.js';

describe('expandCommand', () => {
  const cases = [
    { template: 'nginx -t -c {{src}}', expected: 'nginx -t -c /etc/.a.conf.1f' },
    { template: 'check {{ .src }} {{dest}}', expected: 'check /etc/.a.conf.1f /etc/a.conf' },
    { template: 'no placeholders', expected: 'no placeholders' },
  ];
  for (const { template, expected } of cases) {
    it(template, () => {
      assert.equal(
        expandCommand(template, { src: '/etc/.a.conf.1f', dest: '/etc/a.conf' }),
        expected,
      );
    });
  }

  it('quotes paths that the shell would split or expand', async () => {
    const dest = "/tmp/it's a $HOME;file";
    const command = expandCommand('printf %s {{dest}}', { src: '', dest });
    const result = await runCommand(command, { timeoutMs: 10_000 });
    assert.equal(result.output, dest);
  });
});

describe('runCommand', () => {
  it('returns the exit code and the last 20 lines of interleaved output', async () => {
    const result = await runCommand(
      'for i in $(seq 1 30); do echo out$i; echo err$i >&2; done; exit 4',
      {
        timeoutMs: 10_000,
      },
    );
    assert.equal(result.exitCode, 4);
    assert.equal(result.ok, false);
    assert.equal(result.timedOut, false);
    const lines = result.output.split('\n');
    assert.equal(lines.length, 20);
    assert.deepEqual(lines.slice(-2), ['out30', 'err30']);
    assert.ok(result.durationMs >= 0);
  });

  it('does not pass NOTIFY_SOCKET on to commands', async () => {
    process.env.NOTIFY_SOCKET = '/run/systemd/notify';
    try {
      const result = await runCommand('echo "${NOTIFY_SOCKET:-unset}"', { timeoutMs: 10_000 });
      assert.equal(result.output, 'unset');
    } finally {
      delete process.env.NOTIFY_SOCKET;
    }
  });

  it('reports a command that does not exist as exit 127', async () => {
    const result = await runCommand('no-such-command-confd-ts', { timeoutMs: 10_000 });
    assert.equal(result.exitCode, 127);
    assert.match(result.output, /no-such-command-confd-ts/);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const result = await runCommand("trap '' TERM; sleep 30", { timeoutMs: 200, killGraceMs: 200 });
    assert.equal(result.timedOut, true);
    assert.equal(result.ok, false);
    assert.equal(result.signal, 'SIGKILL');
  });

  it('does not wait for a background child that keeps the output pipe open', async () => {
    const result = await runCommand('sleep 30 & echo $!', { timeoutMs: 60_000 });
    assert.equal(result.exitCode, 0);
    assert.equal(result.timedOut, false);
    assert.match(result.output, /^\d+$/);
    process.kill(Number(result.output), 'SIGKILL');
  });
});
