import { promises as dns } from 'node:dns';

/** One SRV answer, named like Go's net.SRV fields. */
export interface SrvRecord {
  readonly target: string;
  readonly port: number;
  readonly priority: number;
  readonly weight: number;
}

/** The DNS queries the lookup helpers need; injectable through RenderContext for tests. */
export interface DnsResolver {
  /** Every address of `host`, IPv4 and IPv6 (Go's net.LookupIP). Rejects when none. */
  lookupIP(host: string): Promise<string[]>;
  /** The SRV records of a full name such as `_ldap._tcp.example.com`. */
  lookupSRV(name: string): Promise<SrvRecord[]>;
}

/**
 * The system resolver (getaddrinfo for addresses, like Go's LookupIP, so /etc/hosts and
 * `localhost` work), or, given `servers` (`'127.0.0.1:5353'`), a resolver that asks only
 * those servers, A and AAAA for addresses.
 */
export function createDnsResolver(servers?: readonly string[]): DnsResolver {
  if (servers === undefined) {
    return {
      lookupIP: async (host) => (await dns.lookup(host, { all: true })).map((a) => a.address),
      lookupSRV: async (name) => toSrvRecords(await dns.resolveSrv(name)),
    };
  }
  const resolver = new dns.Resolver();
  resolver.setServers([...servers]);
  return {
    lookupIP: (host) => resolveBothFamilies(resolver, host),
    lookupSRV: async (name) => toSrvRecords(await resolver.resolveSrv(name)),
  };
}

// A and AAAA in parallel; one family missing is fine, both missing is the error of the first.
async function resolveBothFamilies(resolver: dns.Resolver, host: string): Promise<string[]> {
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
  if (v4.status === 'rejected' && v6.status === 'rejected') throw v4.reason;
  return [
    ...(v4.status === 'fulfilled' ? v4.value : []),
    ...(v6.status === 'fulfilled' ? v6.value : []),
  ];
}

function toSrvRecords(
  records: readonly { name: string; port: number; priority: number; weight: number }[],
): SrvRecord[] {
  return records.map((r) => ({
    target: r.name,
    port: r.port,
    priority: r.priority,
    weight: r.weight,
  }));
}
