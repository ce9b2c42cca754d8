import type { Backend, KeyValues } from '../../backends/backend.js';
import { RwLock } from '../cache/rw-lock.js';
import type { SecretScrubber } from '../secrets.js';

/** What one poll fetched for one resource: its values, or why they could not be fetched. */
export type FetchOutcome = { readonly values: KeyValues } | { readonly error: unknown };

/** The values of every resource from the latest poll, keyed by the resource's key list. */
export type Snapshot = ReadonlyMap<string, FetchOutcome>;

/**
 * Holds the latest poll's values. A poll fetches (through the backend's cache) without holding
 * anything, then swaps in the new snapshot under the write lock; renders read under the read
 * lock, so a render never sees half of a poll, and a swap waits for the renders in flight to
 * finish with the values they started with.
 */
export class SnapshotStore {
  readonly #lock = new RwLock();
  #current: Snapshot = new Map();

  constructor(
    private readonly backend: Backend,
    private readonly secrets: SecretScrubber,
  ) {}

  /** Fetch every key list (through the backend's cache: shared paths are fetched once). */
  async refresh(keyLists: readonly (readonly string[])[]): Promise<Snapshot> {
    const unique = new Map(keyLists.map((keys) => [snapshotKey(keys), keys]));
    const entries = await Promise.all(
      [...unique].map(async ([id, keys]) => [id, await this.#fetch(keys)] as const),
    );
    const next: Snapshot = new Map(entries);
    await this.#lock.write(() => {
      this.#current = next;
    });
    return next;
  }

  /** Run `fn` with the current snapshot, holding the read lock. */
  read<T>(fn: (snapshot: Snapshot) => Promise<T>): Promise<T> {
    return this.#lock.read(() => fn(this.#current));
  }

  async #fetch(keys: readonly string[]): Promise<FetchOutcome> {
    try {
      const values = await this.backend.getValues(keys);
      this.secrets.addSensitive(values);
      return { values };
    } catch (error) {
      return { error };
    }
  }
}

/** The identity of a key list inside a snapshot. */
export function snapshotKey(keys: readonly string[]): string {
  return keys.join('\n');
}
