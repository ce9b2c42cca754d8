import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { imdsRequest, putToken } from './imds-requests.js';

describe('AWS IMDS emulator: fault injection', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws', imdsv1: true, errorRate: 1 });
  });
  after(() => emulator.close());

  it('answers 500 to every request, the token PUT included, with errorRate 1', async () => {
    assert.equal((await putToken(emulator.url)).status, 500);
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/instance-id');
    assert.equal(answer.status, 500);
    assert.match(answer.body, /500 - Internal Server Error/);
  });

  it('answers 429 beyond throttleRps requests in one second', async () => {
    emulator.setFaults({ errorRate: 0, throttleRps: 2 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => imdsRequest(emulator.url, '/latest/meta-data/instance-id')),
    );
    emulator.setFaults({ throttleRps: undefined });
    const statuses = answers.map((answer) => answer.status);
    // Exact counting is unit-tested with a clock; here the burst may straddle a second boundary.
    assert.ok(statuses.filter((status) => status === 200).length >= 2, statuses.join(','));
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.ok(statuses.every((status) => status === 200 || status === 429));
    assert.match(
      answers.find((answer) => answer.status === 429)?.body ?? '',
      /429 - Too Many Requests/,
    );
    assert.equal((await imdsRequest(emulator.url, '/latest/meta-data/instance-id')).status, 200);
  });

  // A lower bound only: timers never fire much early, however slow the machine.
  it('delays answers, the token PUT included, by at least latencyMs', async () => {
    emulator.setFaults({ latencyMs: 200 });
    const started = performance.now();
    const token = await putToken(emulator.url);
    const answer = await imdsRequest(emulator.url, '/latest/meta-data/instance-id');
    const elapsed = performance.now() - started;
    emulator.setFaults({ latencyMs: 0 });
    assert.deepEqual([token.status, answer.status], [200, 200]);
    assert.ok(elapsed >= 2 * 200 - 5, `two requests took ${elapsed} ms`);
  });

  it('rejects invalid faults with a message naming the option', () => {
    assert.throws(() => emulator.setFaults({ errorRate: 2 }), /errorRate \(--error-rate\).*got 2/);
  });
});
