/**
 * An async read/write lock: many readers at once, or one writer alone. Writer-preferring: once a
 * writer waits, new readers queue behind it, so a poll swapping in new values is never starved
 * by a steady stream of renders. Within each kind, waiters are served in arrival order.
 */
export class RwLock {
  #readers = 0;
  #writing = false;
  readonly #waitingWriters: (() => void)[] = [];
  readonly #waitingReaders: (() => void)[] = [];

  /** Run `fn` holding a shared read lock; the lock is released however `fn` ends. */
  async read<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.#acquireRead();
    try {
      return await fn();
    } finally {
      this.#readers -= 1;
      this.#wakeNext();
    }
  }

  /** Run `fn` holding the exclusive write lock; the lock is released however `fn` ends. */
  async write<T>(fn: () => T | Promise<T>): Promise<T> {
    await this.#acquireWrite();
    try {
      return await fn();
    } finally {
      this.#writing = false;
      this.#wakeNext();
    }
  }

  /** Current holders and waiters, for tests and diagnostics. */
  get state(): {
    readers: number;
    writing: boolean;
    waitingReaders: number;
    waitingWriters: number;
  } {
    return {
      readers: this.#readers,
      writing: this.#writing,
      waitingReaders: this.#waitingReaders.length,
      waitingWriters: this.#waitingWriters.length,
    };
  }

  #acquireRead(): Promise<void> {
    if (!this.#writing && this.#waitingWriters.length === 0) {
      this.#readers += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waitingReaders.push(resolve));
  }

  #acquireWrite(): Promise<void> {
    if (!this.#writing && this.#readers === 0) {
      this.#writing = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waitingWriters.push(resolve));
  }

  // Hand the lock on: a waiting writer first once no one holds it, else every waiting reader.
  #wakeNext(): void {
    if (this.#writing) return;
    const writer = this.#readers === 0 ? this.#waitingWriters.shift() : undefined;
    if (writer) {
      this.#writing = true;
      writer();
      return;
    }
    if (this.#waitingWriters.length > 0) return;
    const readers = this.#waitingReaders.splice(0);
    this.#readers += readers.length;
    for (const reader of readers) reader();
  }
}
