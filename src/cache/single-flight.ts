/**
 * Shares one in-flight promise among concurrent callers asking for the same key: the work runs
 * once and every caller gets its result. The key is forgotten once the work settles, so a later
 * call starts fresh (caching results is the TTL cache's job, not this one's).
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  /**
   * Run `work` for `key`, or join the run already in flight. `signal` only stops this caller's
   * wait: the shared work goes on for the others.
   */
  run(key: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let shared = this.#inFlight.get(key);
    if (!shared) {
      shared = startShared(work, () => this.#inFlight.delete(key));
      this.#inFlight.set(key, shared);
    }
    return signal ? raceAbort(shared, signal) : shared;
  }

  /** How many keys have work in flight. */
  get size(): number {
    return this.#inFlight.size;
  }
}

// Start the work now (a synchronous throw becomes a rejection) and forget the key once it settles.
function startShared<T>(work: () => Promise<T>, forget: () => void): Promise<T> {
  let promise: Promise<T>;
  try {
    promise = work();
  } catch (err) {
    promise = Promise.reject(err as Error);
  }
  return promise.finally(forget);
}

// Settle with the promise, or reject with the signal's reason if it aborts first.
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
