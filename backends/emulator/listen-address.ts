import { ConfigError } from '../../src/errors.js';

/** Where an emulator listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Parses `HOST:PORT` (`[::1]:PORT` for IPv6); port 0 picks a free port. Throws ConfigError. */
export function parseListenAddress(listen: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(listen);
  const host = match?.[1] ?? match?.[2];
  const port = Number(match?.[3]);
  if (match === null || host === undefined || port > 65535) {
    throw new ConfigError(
      `emulator listen address must be HOST:PORT (e.g. 127.0.0.1:8080), got "${listen}"`,
    );
  }
  return { host, port };
}

/** The base URL for a bound address, without a trailing slash. */
export function formatBaseUrl(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`;
}
