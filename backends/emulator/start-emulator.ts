import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setMaxListeners } from 'node:events';
import { ConfigError } from '../../src/errors.js';
import { createProviderRoutes } from './create-provider-routes.js';
import type { EmulatorOptions } from './emulator-options.js';
import { FaultInjector, type EmulatorFaults } from './fault-injection.js';
import { formatBaseUrl, parseListenAddress } from './listen-address.js';
import type { ProviderRoutes } from './provider-routes.js';
import { createRequestLog, type ServedRequest } from './request-log.js';
import { serveRequest } from './serve-request.js';

export type { AwsOverrides, EmulatorOptions } from './emulator-options.js';
export type { EmulatorFaults } from './fault-injection.js';
export type { ServedRequest } from './request-log.js';

/** A started emulator. */
export interface RunningEmulator {
  /** `http://HOST:PORT`, no trailing slash. */
  readonly url: string;
  /**
   * The most recent requests served, oldest first, for tests and the benchmark: a ring of
   * `requestLogLimit` (10,000 by default), so that a long-running emulator does not grow.
   */
  readonly requests: ReadonlyArray<ServedRequest>;
  resetRequests(): void;
  /** Changes fault injection at runtime; a key given as undefined removes that fault. */
  setFaults(faults: EmulatorFaults): void;
  /** Stops listening, drops keep-alive connections and data watchers; idempotent. */
  close(): Promise<void>;
}

/** Starts a metadata service emulator; resolves once it accepts connections. Throws ConfigError. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { host, port } = parseListenAddress(options.listen ?? '127.0.0.1:0');
  const faults = new FaultInjector(options);
  const requests = createRequestLog(options.requestLogLimit);
  const routes = await createProviderRoutes(options, faults);
  const closing = new AbortController();
  // Every request delayed by --latency waits on this one signal: many listeners are expected.
  setMaxListeners(0, closing.signal);
  const server = createServer((req, res) => {
    void serveRequest({
      req,
      res,
      routes,
      faults,
      requests,
      signal: closing.signal,
      onWarning: options.onWarning,
    });
  });
  try {
    await listen(server, host, port);
  } catch (err) {
    await routes.close();
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(`emulator cannot listen on ${host}:${port}: ${reason}`, { cause: err });
  }
  const bound = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: formatBaseUrl(bound.address, bound.port),
    requests: requests.entries,
    resetRequests: () => void requests.entries.splice(0),
    setFaults: (changes) => faults.update(changes),
    close: () => (closed ??= closeAll(server, routes, closing)),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeAll(
  server: Server,
  routes: ProviderRoutes,
  closing: AbortController,
): Promise<void> {
  closing.abort();
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await Promise.all([stopped, routes.close()]);
}
