import { watch, type FSWatcher } from 'chokidar';

/** How to load an emulator's data set and what to watch for changes. */
export interface WatchedDataOptions<T> {
  /** The data file or directory to watch; absent = built-in data, nothing to watch. */
  path?: string;
  /** Loads the whole data set; throws ConfigError naming the path. */
  load: () => Promise<T>;
  onWarning?: (message: string) => void;
  /** Called after each successful reload, once `current` holds the new data. */
  onReload?: (current: T) => void;
}

const reloadDelayMs = 30;

/**
 * An emulator's current data set; reloads when the data file or directory changes, keeping the
 * last good one (and warning) when a reload fails. Any provider's emulator uses it.
 */
export class WatchedData<T> {
  #current: T;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #closed: Promise<void> | undefined;
  readonly #options: WatchedDataOptions<T>;

  private constructor(current: T, options: WatchedDataOptions<T>) {
    this.#current = current;
    this.#options = options;
  }

  /** Loads the data and, when `path` is given, watches it. Throws what `load` throws. */
  static async open<T>(options: WatchedDataOptions<T>): Promise<WatchedData<T>> {
    const source = new WatchedData(await options.load(), options);
    if (options.path !== undefined) await source.#watch(options.path);
    return source;
  }

  get current(): T {
    return this.#current;
  }

  /** Stops watching; idempotent. */
  close(): Promise<void> {
    this.#closed ??= this.#stop();
    return this.#closed;
  }

  async #watch(path: string): Promise<void> {
    const watcher = watch(path, { ignoreInitial: true });
    this.#watcher = watcher;
    watcher.on('all', () => this.#scheduleReload());
    watcher.on('error', (err) => this.#warn(`emulator data ${path}: watch failed: ${String(err)}`));
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
  }

  // Editors write in several steps: wait for a quiet moment, and reload one at a time.
  #scheduleReload(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#reloading = this.#reloading.then(() => this.#reload());
    }, reloadDelayMs);
  }

  async #reload(): Promise<void> {
    if (this.#closed !== undefined) return;
    try {
      this.#current = await this.#options.load();
      this.#options.onReload?.(this.#current);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.#warn(`${reason} (still serving the last good data)`);
    }
  }

  #warn(message: string): void {
    this.#options.onWarning?.(message);
  }

  async #stop(): Promise<void> {
    clearTimeout(this.#timer);
    await this.#watcher?.close();
    await this.#reloading;
  }
}
