import type { DnsResolver, SrvRecord } from './dns-resolver.js';
import { compareKeys } from './key-prefix.js';

/** A lookup that failed; it rendered as an empty list (confd does the same). */
export interface LookupFailure {
  /** `ip <host>` or `srv <name>`. */
  readonly query: string;
  readonly error: unknown;
}

type Answer = readonly string[] | readonly SrvRecord[];

/**
 * The DNS answers of one render. Handlebars helpers are synchronous, so a lookup helper asks
 * this table: a known answer is returned, an unknown query is recorded as pending and answers
 * an empty list for now. The renderer then resolves the pending queries and renders again.
 */
export class DnsLookups {
  readonly #answers = new Map<string, Answer>();
  readonly #pending = new Set<string>();

  /** Sorted addresses of `host`, or [] while unresolved or when the lookup failed. */
  ip(host: string): readonly string[] {
    return this.#answer(`ip ${host}`) as readonly string[];
  }

  /** SRV records of `name` sorted like confd (target, port, priority, weight), or []. */
  srv(name: string): readonly SrvRecord[] {
    return this.#answer(`srv ${name}`) as readonly SrvRecord[];
  }

  /** True when the last render asked for answers this table does not have yet. */
  hasPending(): boolean {
    return this.#pending.size > 0;
  }

  /** The queries still pending, for reporting when the renderer gives up on them. */
  pendingQueries(): string[] {
    return [...this.#pending];
  }

  /** Resolves every pending query in parallel; failures become [] answers and are returned. */
  async resolvePending(resolver: DnsResolver): Promise<LookupFailure[]> {
    const queries = [...this.#pending];
    this.#pending.clear();
    const results = await Promise.allSettled(queries.map((q) => resolveQuery(resolver, q)));
    const failures: LookupFailure[] = [];
    results.forEach((result, i) => {
      const query = queries[i] as string;
      if (result.status === 'fulfilled') this.#answers.set(query, result.value);
      else {
        this.#answers.set(query, []);
        failures.push({ query, error: result.reason });
      }
    });
    return failures;
  }

  #answer(query: string): Answer {
    const known = this.#answers.get(query);
    if (known !== undefined) return known;
    this.#pending.add(query);
    return [];
  }
}

async function resolveQuery(resolver: DnsResolver, query: string): Promise<Answer> {
  const name = query.slice(query.indexOf(' ') + 1);
  if (query.startsWith('ip ')) return (await resolver.lookupIP(name)).sort(compareKeys);
  return (await resolver.lookupSRV(name)).sort((a, b) =>
    compareKeys(buildSrvSortKey(a), buildSrvSortKey(b)),
  );
}

// confd's sortSRV compares fmt.Sprintf("%s%d%d%d", Target, Port, Priority, Weight).
function buildSrvSortKey(r: SrvRecord): string {
  return `${r.target}${r.port}${r.priority}${r.weight}`;
}
