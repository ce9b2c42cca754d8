import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { SingleFlight } from '../../src/cache/single-flight.js';

describe('SingleFlight', () => {
  it('runs the work once for concurrent callers of one key', async () => {
    const flight = new SingleFlight<string>();
    let runs = 0;
    let release: (value: string) => void = () => undefined;
    const work = (): Promise<string> => {
      runs += 1;
      return new Promise((resolve) => (release = resolve));
    };
    const callers = [flight.run('k', work), flight.run('k', work), flight.run('k', work)];
    assert.equal(flight.size, 1);
    release('v');
    assert.deepEqual(await Promise.all(callers), ['v', 'v', 'v']);
    assert.equal(runs, 1);
  });

  it('runs different keys separately and forgets a key once settled', async () => {
    const flight = new SingleFlight<string>();
    let runs = 0;
    const work = (value: string) => async (): Promise<string> => {
      runs += 1;
      return value;
    };
    assert.deepEqual(await Promise.all([flight.run('a', work('1')), flight.run('b', work('2'))]), [
      '1',
      '2',
    ]);
    assert.equal(await flight.run('a', work('3')), '3');
    assert.equal(runs, 3);
    assert.equal(flight.size, 0);
  });

  it('shares a rejection, including a synchronous throw, and then forgets the key', async () => {
    const flight = new SingleFlight<string>();
    const failing = (): Promise<string> => {
      throw new Error('boom');
    };
    const results = await Promise.allSettled([flight.run('k', failing), flight.run('k', failing)]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['rejected', 'rejected'],
    );
    assert.equal(flight.size, 0);
    assert.equal(await flight.run('k', async () => 'ok'), 'ok');
  });

  it("stops one caller's wait on abort while the others get the result", async () => {
    const flight = new SingleFlight<string>();
    let release: (value: string) => void = () => undefined;
    const work = (): Promise<string> => new Promise((resolve) => (release = resolve));
    const controller = new AbortController();
    const aborted = flight.run('k', work, controller.signal);
    const other = flight.run('k', work);
    controller.abort(new Error('caller gave up'));
    await assert.rejects(aborted, /caller gave up/);
    release('v');
    assert.equal(await other, 'v');
  });
});
