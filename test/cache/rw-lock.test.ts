import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { RwLock } from '../../src/cache/rw-lock.js';

// A promise with its resolver, to hold a lock open until the test lets go.
function createGate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

// Let queued promise callbacks run.
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RwLock', () => {
  it('lets readers run concurrently', async () => {
    const lock = new RwLock();
    const gate = createGate();
    const first = lock.read(() => gate.promise);
    const second = lock.read(() => gate.promise);
    await settle();
    assert.equal(lock.state.readers, 2);
    gate.open();
    await Promise.all([first, second]);
    assert.equal(lock.state.readers, 0);
  });

  it('runs a writer alone: readers wait for it and it waits for readers', async () => {
    const lock = new RwLock();
    const events: string[] = [];
    const readGate = createGate();
    const writeGate = createGate();
    const reader = lock.read(async () => {
      events.push('read start');
      await readGate.promise;
      events.push('read end');
    });
    const writer = lock.write(async () => {
      events.push('write start');
      await writeGate.promise;
      events.push('write end');
    });
    const lateReader = lock.read(() => events.push('late read'));
    await settle();
    assert.deepEqual(events, ['read start']);
    readGate.open();
    await settle();
    assert.deepEqual(events, ['read start', 'read end', 'write start']);
    assert.equal(lock.state.writing, true);
    writeGate.open();
    await Promise.all([reader, writer, lateReader]);
    assert.deepEqual(events, ['read start', 'read end', 'write start', 'write end', 'late read']);
  });

  it('prefers a waiting writer over readers that arrive after it', async () => {
    const lock = new RwLock();
    const order: string[] = [];
    const gate = createGate();
    const holder = lock.read(() => gate.promise);
    const writer = lock.write(() => order.push('writer'));
    const readers = [1, 2, 3].map((n) => lock.read(() => order.push(`reader ${n}`)));
    await settle();
    assert.deepEqual(lock.state, {
      readers: 1,
      writing: false,
      waitingReaders: 3,
      waitingWriters: 1,
    });
    gate.open();
    await Promise.all([holder, writer, ...readers]);
    assert.deepEqual(order, ['writer', 'reader 1', 'reader 2', 'reader 3']);
  });

  it('serves queued writers one at a time, in order', async () => {
    const lock = new RwLock();
    const order: string[] = [];
    let concurrent = 0;
    const write = (name: string): Promise<void> =>
      lock.write(async () => {
        concurrent += 1;
        assert.equal(concurrent, 1);
        await settle();
        order.push(name);
        concurrent -= 1;
      });
    await Promise.all([write('a'), write('b'), write('c')]);
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  it('releases the lock when the function throws', async () => {
    const lock = new RwLock();
    await assert.rejects(
      lock.write(() => {
        throw new Error('write failed');
      }),
      /write failed/,
    );
    await assert.rejects(
      lock.read(() => Promise.reject(new Error('read failed'))),
      /read failed/,
    );
    assert.equal(await lock.write(() => 'free'), 'free');
    assert.deepEqual(lock.state, {
      readers: 0,
      writing: false,
      waitingReaders: 0,
      waitingWriters: 0,
    });
  });

  it('returns the value of the function', async () => {
    const lock = new RwLock();
    assert.equal(await lock.read(() => 42), 42);
    assert.equal(await lock.write(async () => 'done'), 'done');
  });
});
