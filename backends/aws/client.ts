import { CachedLoader } from '../../src/cache/cached-loader.js';
import { BackendError } from '../../src/errors.js';
import type { Backend, BackendClientOptions, KeyValues } from '../backend.js';
import { createHttpClient } from '../http.js';
import type { HttpRequest } from '../http.js';
import { probeHealth } from '../probe-health.js';
import { createTokenSource } from './token.js';
import { walkPrefixes } from './walk.js';

export interface AwsBackendOptions extends BackendClientOptions {
  /** Concurrent requests at most; 32 by default (a full walk then stays near the latency floor). */
  maxConcurrency?: number;
  /** IMDSv2 token TTL to request; 21600 s by default. */
  tokenTtlSeconds?: number;
}

/** The AWS backend. */
export interface AwsBackend extends Backend {
  readonly provider: 'aws';
}

interface Fetched {
  readonly body: string | undefined;
}

const tokenHeader = 'X-aws-ec2-metadata-token';

/**
 * An AWS IMDSv2 backend: keys `/meta-data/...`, `/dynamic/...` and `/user-data` are fetched from
 * `<endpoint>/latest/<key>`. Each path goes through a TTL cache and a single flight, so within the
 * cache TTL no path is fetched twice and concurrent requests for one path share one HTTP request.
 */
export function createAwsBackend(options: AwsBackendOptions): AwsBackend {
  const http = createHttpClient({
    maxSockets: options.maxConcurrency ?? 32,
    timeoutMs: options.requestTimeoutMs,
    retry: options.retry,
    logger: options.logger,
    onRequest: options.onRequest,
  });
  const tokens = createTokenSource({
    http,
    endpoint: options.endpoint,
    ttlSeconds: options.tokenTtlSeconds,
    clock: options.clock,
  });
  const cache = new CachedLoader<Fetched>({ ttlMs: options.cacheTtlMs, clock: options.clock });

  // GET with the session token; a 401 means the token went stale: fetch a new one and try once more.
  const getWithToken = async (request: HttpRequest): Promise<string> => {
    const token = await tokens.get(request.signal);
    try {
      return (await http.request({ ...request, headers: { [tokenHeader]: token } })).body;
    } catch (err) {
      if (!(err instanceof BackendError) || err.status !== 401) throw err;
      tokens.invalidate(token);
      const fresh = await tokens.get(request.signal);
      const retried = await http
        .request({ ...request, headers: { [tokenHeader]: fresh } })
        .catch((retryErr: unknown) => {
          throw explainUnauthorized(retryErr);
        });
      return retried.body;
    }
  };

  // One path from the service, 404 meaning absent.
  const fetchFromService = async (path: string): Promise<Fetched> => {
    const url = `${options.endpoint}/latest${path}`;
    const operation = path.endsWith('/') ? 'list' : 'get';
    try {
      return { body: await getWithToken({ url, operation }) };
    } catch (err) {
      if (!(err instanceof BackendError) || err.code !== 'BACKEND_NOT_FOUND') throw err;
      return { body: undefined };
    }
  };

  const fetchPath = async (path: string, signal?: AbortSignal): Promise<string | undefined> =>
    (await cache.load(path, () => fetchFromService(path), signal)).body;

  return {
    provider: 'aws',
    endpoint: options.endpoint,
    getValues: async (prefixes, signal): Promise<KeyValues> => {
      signal?.throwIfAborted();
      return walkPrefixes(prefixes, (path) => fetchPath(path, signal));
    },
    health: (signal) => {
      const url = `${options.endpoint}/latest/meta-data/`;
      return probeHealth(
        url,
        (probe) => getWithToken({ url, operation: 'health', ...probe }),
        signal,
      );
    },
    cacheStats: () => cache.stats(),
    // Both calls are idempotent, so close() is too.
    close: async () => {
      http.close();
      cache.clear();
    },
  };
}

function explainUnauthorized(err: unknown): unknown {
  if (!(err instanceof BackendError) || err.status !== 401) return err;
  return new BackendError(
    'BACKEND_BAD_RESPONSE',
    `${err.message}, even with a fresh IMDSv2 session token`,
    { url: err.url, status: 401, cause: err },
  );
}
