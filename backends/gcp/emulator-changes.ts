/**
 * Wakes `wait_for_change` requests when the emulator's data is reloaded. Each waiter is woken
 * once, by the next change, its timeout, its signal (the client went away), or `close()`.
 */
export class ChangeNotifier {
  readonly #waiters = new Set<() => void>();
  #closed = false;

  /** Resolves true on the next change; false when `timeoutMs` passes, `signal` aborts, or on close. */
  next(timeoutMs: number | undefined, signal?: AbortSignal): Promise<boolean> {
    if (this.#closed || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => finish(false), Math.max(0, timeoutMs));
      const wake = (): void => finish(true);
      const stop = (): void => finish(false);
      const finish = (changed: boolean): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', stop);
        this.#waiters.delete(wake);
        resolve(changed && !this.#closed);
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', stop, { once: true });
    });
  }

  /** The data changed: wake every waiter. */
  notify(): void {
    for (const wake of [...this.#waiters]) wake();
  }

  /** Wakes every waiter for good; later waits resolve at once. Idempotent. */
  close(): void {
    this.#closed = true;
    this.notify();
  }
}
