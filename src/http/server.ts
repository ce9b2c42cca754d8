import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from './metrics.js';
import { formatStatusUrl, parseStatusAddress } from './status-address.js';
import type { DaemonStatus } from './status.js';

export interface StatusServerOptions {
  /** `HOST:PORT`, `[IPV6]:PORT` or `:PORT` (every interface), bound exactly as given. */
  readonly address: string;
  readonly metrics: Metrics;
  readonly status: DaemonStatus;
  readonly logger: Logger;
}

/** A listening status server. */
export interface StatusServer {
  /** `http://HOST:PORT` as bound, no trailing slash. */
  readonly url: string;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/**
 * Serves GET (and HEAD) `/metrics`, `/health`, `/ready` and `/ready/detailed`; other paths are
 * 404, other methods 405. Resolves once listening; throws ConfigError naming the address when
 * it is malformed or cannot be bound.
 */
export async function startStatusServer(options: StatusServerOptions): Promise<StatusServer> {
  const { host, port } = parseStatusAddress(options.address);
  const server = createServer((req, res) => void respond(req, res, options));
  try {
    await listen(server, host, port);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(`--metrics-addr ${options.address}: cannot listen: ${reason}`, {
      cause: err,
    });
  }
  server.on('error', (err) => options.logger.error({ err }, 'status server error'));
  const bound = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: formatStatusUrl(bound.address, bound.port),
    close: () => (closed ??= closeServer(server)),
  };
}

// Answers one request; a failure inside a route is a 500 that names it, logged, never a crash.
async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  options: StatusServerOptions,
): Promise<void> {
  let reply: Reply;
  try {
    reply = await route(req, options);
  } catch (err) {
    options.logger.error({ err, path: req.url }, 'status endpoint failed');
    reply = json(500, {
      status: 'error',
      reason: err instanceof Error ? err.message : String(err),
    });
  }
  res.writeHead(reply.status, {
    'content-type': reply.type,
    'cache-control': 'no-store',
    ...(reply.status === 405 ? { allow: 'GET, HEAD' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

async function route(req: IncomingMessage, options: StatusServerOptions): Promise<Reply> {
  const path = (req.url ?? '/').split('?')[0];
  const known = ['/metrics', '/health', '/ready', '/ready/detailed'];
  if (path === undefined || !known.includes(path)) return json(404, { status: 'not found', path });
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return json(405, { status: 'method not allowed', method: req.method });
  const { metrics, status } = options;
  if (path === '/metrics')
    return { status: 200, type: metrics.contentType, body: await metrics.metricsText() };
  if (path === '/health') {
    const health = await status.health();
    return health.ok
      ? json(200, { status: 'ok' })
      : json(503, { status: 'unhealthy', reason: health.reason });
  }
  if (path === '/ready') {
    const ready = status.readiness();
    return ready.ready
      ? json(200, { status: 'ready' })
      : json(503, { status: 'not ready', reason: ready.reason });
  }
  const detailed = status.detailed();
  return json(detailed.ready ? 200 : 503, detailed, 2);
}

function json(status: number, body: unknown, indent?: number): Reply {
  return {
    status,
    type: 'application/json; charset=utf-8',
    body: JSON.stringify(body, null, indent) + '\n',
  };
}

function listen(server: Server, host: string | undefined, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
