import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSlots } from '../../backends/http-slots.js';

describe('createSlots', () => {
  it('serves waiters in order as slots are released', async () => {
    const slots = createSlots(1);
    const first = await slots.acquire();
    const order: string[] = [];
    const second = slots.acquire().then((release) => (order.push('second'), release));
    const third = slots.acquire().then((release) => (order.push('third'), release));
    first();
    (await second)();
    (await third)();
    assert.deepEqual(order, ['second', 'third']);
  });

  it('rejects a waiter whose signal aborts, and gives its turn to the next', async () => {
    const slots = createSlots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const aborted = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort(new Error('stop waiting'));
    await assert.rejects(aborted, /stop waiting/);
    held();
    (await next)();
  });

  for (const free of [true, false]) {
    it(`rejects an already aborted signal ${free ? 'with' : 'without'} a free slot`, async () => {
      const slots = createSlots(1);
      const held = free ? undefined : await slots.acquire();
      const reason = new Error('already gone');
      await assert.rejects(slots.acquire(AbortSignal.abort(reason)), reason);
      held?.();
      // No slot was taken by the aborted caller: one acquire succeeds, the next must wait.
      const release = await slots.acquire();
      let waited = true;
      const pending = slots.acquire().then((again) => ((waited = false), again));
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(waited, true);
      release();
      (await pending)();
    });
  }
});
