/**
 * Wakes `wait_for_change` requests when the emulator's data is reloaded. Each waiter is woken
 * once, by the next change, its timeout, or `close()`.
 */
export class ChangeNotifier {
  readonly #waiters = new Set<() => void>();
  #closed = false;

  /** Resolves true on the next change; false when `timeoutMs` passes first or on close. */
  next(timeoutMs: number | undefined): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => finish(false), Math.max(0, timeoutMs));
      const wake = (): void => finish(true);
      const finish = (changed: boolean): void => {
        clearTimeout(timer);
        this.#waiters.delete(wake);
        resolve(changed && !this.#closed);
      };
      this.#waiters.add(wake);
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
