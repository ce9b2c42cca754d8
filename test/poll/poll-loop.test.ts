import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/log.js';
import { PollLoop } from '../../src/poll/poll-loop.js';
import type { PassResult } from '../../src/poll/run-pass.js';

const emptyPass: PassResult = { outcomes: [], unreachable: false, durationMs: 1 };

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i += 1) await sleep(10);
  assert.ok(predicate(), 'condition not reached');
}

describe('PollLoop', () => {
  it('runs a pass at once, waits the interval, runs again on wake(), and stops on abort', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    let passes = 0;
    const loop = new PollLoop(
      async () => {
        passes += 1;
        if (passes === 2) throw new Error('IMDS outage');
        return emptyPass;
      },
      {
        intervalMs: 3_600_000,
        signal: stop.signal,
        logger: createLogger({ level: 'info', format: 'json', write: (l) => lines.push(l) }),
        random: () => 0.5,
      },
    );
    const running = loop.run();
    await until(() => passes === 1);
    await sleep(50);
    assert.equal(passes, 1, 'the second pass waits for the hour-long interval');
    loop.wake();
    await until(() => passes === 2);
    loop.wake();
    await until(() => passes === 3);
    stop.abort();
    await running;
    assert.equal(passes, 3);
    assert.ok(
      lines.some(
        (line) =>
          line.includes('poll failed; retrying at the next tick') && line.includes('IMDS outage'),
      ),
    );
  });

  it('does not miss a wake() that arrives while a pass runs', async () => {
    const stop = new AbortController();
    let passes = 0;
    const loop: PollLoop = new PollLoop(
      async () => {
        passes += 1;
        if (passes === 1) loop.wake();
        if (passes === 2) stop.abort();
        return emptyPass;
      },
      {
        intervalMs: 3_600_000,
        signal: stop.signal,
        logger: createLogger({ level: 'error', format: 'json', write: () => undefined }),
      },
    );
    await loop.run();
    assert.equal(passes, 2);
  });
});
