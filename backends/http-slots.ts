/** Bounded concurrency: `acquire` resolves with a release function once a slot is free. */
export interface Slots {
  /** Wait for a slot; `signal` aborted before or while waiting rejects with its reason. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** A counting semaphore: at most `limit` holders; waiters are served in order. */
export function createSlots(limit: number): Slots {
  let held = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else held -= 1;
  };
  return {
    acquire: async (signal) => {
      signal?.throwIfAborted();
      if (held < limit) {
        held += 1;
        return release;
      }
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        };
        const onAbort = (): void => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject(signal?.reason as Error);
        };
        waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
