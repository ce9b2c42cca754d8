import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createRequestLog } from '../../../backends/emulator/request-log.js';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { ConfigError } from '../../../src/errors.js';

describe('createRequestLog', () => {
  it('keeps only the most recent entries, oldest first', () => {
    const log = createRequestLog(2);
    for (const path of ['/a', '/b', '/c']) log.record({ method: 'GET', path, status: 200 });
    assert.deepEqual(
      log.entries.map((entry) => entry.path),
      ['/b', '/c'],
    );
  });

  it('keeps 10,000 by default', () => {
    const log = createRequestLog();
    for (let i = 0; i < 10_005; i += 1) log.record({ method: 'GET', path: `/${i}`, status: 200 });
    assert.equal(log.entries.length, 10_000);
    assert.equal(log.entries[0]?.path, '/5');
    assert.equal(log.entries.at(-1)?.path, '/10004');
  });

  it('rejects a limit that is not a whole number', () => {
    assert.throws(
      () => createRequestLog(1.5),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message === 'emulator requestLogLimit must be an integer from 0, got 1.5',
    );
  });
});

describe('startEmulator requestLogLimit', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'gcp', requestLogLimit: 2 });
  });
  after(() => emulator.close());

  it('remembers only the most recent requests', async () => {
    for (const path of ['/one', '/two', '/three']) {
      const response = await fetch(`${emulator.url}${path}`);
      await response.arrayBuffer();
    }
    assert.deepEqual(
      emulator.requests.map((request) => request.path),
      ['/two', '/three'],
    );
    emulator.resetRequests();
    assert.equal(emulator.requests.length, 0);
  });
});
