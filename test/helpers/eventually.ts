import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `read` until `predicate` holds (a daemon acts on its own schedule) and returns that
 * value; fails after `timeoutMs`, naming `what` and the last value seen.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read().catch(() => undefined);
    if (last !== undefined && predicate(last)) return last;
    await sleep(50);
  }
  throw new Error(
    `${what}: not reached within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`,
  );
}
