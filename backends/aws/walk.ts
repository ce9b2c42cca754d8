import { joinKey } from '../../src/template/key-prefix.js';

/**
 * Fetches one IMDS path relative to `/latest`: a directory path ends in `/` and answers its
 * listing. Resolves undefined when the path does not exist (404).
 */
export type FetchPath = (path: string) => Promise<string | undefined>;

type Kind = 'directory' | 'leaf';

/** The top of the AWS key namespace; `/` stands for all of it. */
const topLevel: ReadonlyMap<string, Kind> = new Map([
  ['/meta-data', 'directory'],
  ['/dynamic', 'directory'],
  ['/user-data', 'leaf'],
]);

/**
 * Every leaf under each prefix, as '/meta-data/placement/region' -> value, keys sorted. Walks only
 * the prefixes asked for, each directory's children concurrently. A prefix's kind (leaf or
 * directory) comes from its parent's listing, since the two cannot be told apart by their body;
 * a prefix that its parent does not list, or that answers 404, yields nothing. Within one walk no
 * path is fetched twice, however the prefixes overlap.
 */
export async function walkPrefixes(
  prefixes: readonly string[],
  fetchPath: FetchPath,
): Promise<Map<string, string>> {
  const walker = new Walker(fetchPath);
  const keys = new Set(prefixes.flatMap(expandPrefix));
  await Promise.all([...keys].map((key) => walker.collect(key)));
  return new Map([...walker.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function expandPrefix(prefix: string): string[] {
  const key = joinKey(prefix);
  return key === '/' ? [...topLevel.keys()] : [key];
}

class Walker {
  readonly values = new Map<string, string>();
  readonly #fetches = new Map<string, Promise<string | undefined>>();
  readonly #fetchPath: FetchPath;

  constructor(fetchPath: FetchPath) {
    this.#fetchPath = fetchPath;
  }

  // Collect every leaf under `key`, whatever its kind turns out to be.
  async collect(key: string): Promise<void> {
    const kind = await this.#resolveKind(key);
    if (kind === 'directory') await this.#walkDirectory(key);
    if (kind === 'leaf') await this.#collectLeaf(key);
  }

  // A key's kind from its parent's listing; undefined when it does not exist.
  async #resolveKind(key: string): Promise<Kind | undefined> {
    const slash = key.lastIndexOf('/');
    if (slash === 0) return topLevel.get(key);
    const parent = key.slice(0, slash);
    if ((await this.#resolveKind(parent)) !== 'directory') return undefined;
    const entries = await this.#list(parent);
    return entries.get(key.slice(slash + 1));
  }

  async #walkDirectory(key: string): Promise<void> {
    const entries = await this.#list(key);
    await Promise.all(
      [...entries].map(([name, kind]) =>
        kind === 'directory'
          ? this.#walkDirectory(`${key}/${name}`)
          : this.#collectLeaf(`${key}/${name}`),
      ),
    );
  }

  async #collectLeaf(key: string): Promise<void> {
    const value = await this.#fetch(key);
    if (value !== undefined) this.values.set(key, value);
  }

  async #list(key: string): Promise<Map<string, Kind>> {
    const body = await this.#fetch(`${key}/`);
    return body === undefined ? new Map() : parseListing(key, body);
  }

  #fetch(path: string): Promise<string | undefined> {
    let pending = this.#fetches.get(path);
    if (!pending) {
      pending = this.#fetchPath(path);
      this.#fetches.set(path, pending);
    }
    return pending;
  }
}

/**
 * A directory listing as IMDS writes it, one entry per line: `name/` is a directory, `name` a
 * leaf. Under `/meta-data/public-keys` an entry `0=my-key` is the directory `0`.
 */
export function parseListing(key: string, body: string): Map<string, Kind> {
  const entries = new Map<string, Kind>();
  const publicKeys = key === '/meta-data/public-keys';
  for (const line of body.split('\n')) {
    const entry = line.trim();
    if (entry.length === 0) continue;
    const index = publicKeys ? /^(\d+)=/.exec(entry)?.[1] : undefined;
    if (index !== undefined) entries.set(index, 'directory');
    else if (entry.endsWith('/')) entries.set(entry.slice(0, -1), 'directory');
    else entries.set(entry, 'leaf');
  }
  return entries;
}
