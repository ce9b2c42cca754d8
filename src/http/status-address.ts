import { ConfigError } from '../errors.js';

/** Where the status server listens; no host means every interface. */
export interface StatusAddress {
  readonly host?: string;
  readonly port: number;
}

/**
 * Parses `--metrics-addr`: `HOST:PORT`, `[IPV6]:PORT`, or `:PORT` for every interface (as Go's
 * net.Listen, which Prometheus exporters follow). Port 0 picks a free port. Throws ConfigError.
 */
export function parseStatusAddress(address: string): StatusAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (match === null || port > 65535) {
    throw new ConfigError(
      `--metrics-addr must be HOST:PORT, [IPV6]:PORT or :PORT (e.g. 127.0.0.1:9100), got "${address}"`,
    );
  }
  return host ? { host, port } : { port };
}

/** The base URL of a bound address, without a trailing slash. */
export function formatStatusUrl(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
