import { watch, type FSWatcher } from 'chokidar';
import type { AwsOverrides } from '../emulator/emulator-options.js';
import { loadAwsData } from './emulator-data.js';
import { loadDefaultAwsData } from './emulator-default-data.js';
import { applyAwsOverrides } from './emulator-overrides.js';
import type { MetadataTree } from './emulator-tree.js';

/** Where the AWS emulator's data comes from. */
export interface AwsDataSourceOptions {
  /** A JSON data file or a data directory; absent = the built-in data set. */
  data?: string;
  overrides?: AwsOverrides;
  onWarning?: (message: string) => void;
}

const reloadDelayMs = 30;

/** The current data set; reloads when the data file or directory changes, keeping the last good one on errors. */
export class AwsDataSource {
  #tree: MetadataTree;
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #closed: Promise<void> | undefined;
  readonly #options: AwsDataSourceOptions;

  private constructor(tree: MetadataTree, options: AwsDataSourceOptions) {
    this.#tree = tree;
    this.#options = options;
  }

  /** Loads the data and, for a file or directory, watches it. Throws ConfigError. */
  static async open(options: AwsDataSourceOptions): Promise<AwsDataSource> {
    const source = new AwsDataSource(await load(options), options);
    if (options.data !== undefined) await source.#watch(options.data);
    return source;
  }

  get tree(): MetadataTree {
    return this.#tree;
  }

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
      this.#tree = await load(this.#options);
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

async function load(options: AwsDataSourceOptions): Promise<MetadataTree> {
  const tree =
    options.data === undefined ? await loadDefaultAwsData() : await loadAwsData(options.data);
  applyAwsOverrides(tree, options.overrides ?? {});
  return tree;
}
