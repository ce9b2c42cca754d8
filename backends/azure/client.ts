import { CachedLoader } from '../../src/cache/cached-loader.js';
import { BackendError } from '../../src/errors.js';
import type { Backend, BackendClientOptions, KeyValues } from '../backend.js';
import { flattenJson } from '../flatten.js';
import { isRetryableStatus } from '../http-retry.js';
import { createHttpClient } from '../http.js';
import type { HttpClient } from '../http.js';
import { probeHealth, type ProbeRequestOptions } from '../probe-health.js';
import { defaultApiVersion, defaultScheduledEventsApiVersion } from './api-versions.js';
import { explainBadRequest } from './bad-request.js';

export interface AzureBackendOptions extends BackendClientOptions {
  /** api-version of `/metadata/instance` and `/metadata/loadbalancer`; 2023-07-01 by default. */
  apiVersion?: string;
}

/** The Azure backend. */
export interface AzureBackend extends Backend {
  readonly provider: 'azure';
}

/** The top-level keys, each one JSON document under `/metadata`. */
const topLevels = ['instance', 'scheduledevents', 'versions', 'loadbalancer'] as const;
type TopLevel = (typeof topLevels)[number];

const metadataHeader = { Metadata: 'true' };
// Azure throttles at 5 requests per second per VM, and one request serves a whole top level.
const maxSockets = 4;

/**
 * An Azure IMDS backend: keys `/instance/...`, `/scheduledevents/...`, `/versions/...` and
 * `/loadbalancer/...` come from one JSON request per top level (`GET /metadata/<top>` with
 * `Metadata: true` and a pinned api-version), flattened with objects by name and arrays by index.
 * Each document goes through a TTL cache and a single flight. 410, 429 and 5xx are retried;
 * a 400 is thrown with Azure's error text and what it means; a 404 means no values.
 */
export function createAzureBackend(options: AzureBackendOptions): AzureBackend {
  const http = createHttpClient({
    maxSockets,
    timeoutMs: options.requestTimeoutMs,
    retry: options.retry,
    logger: options.logger,
    onRequest: options.onRequest,
  });
  const cache = new CachedLoader<KeyValues>({ ttlMs: options.cacheTtlMs, clock: options.clock });
  const apiVersion = options.apiVersion ?? defaultApiVersion;

  const fetchTop = (top: TopLevel, signal?: AbortSignal): Promise<KeyValues> =>
    cache.load(top, () => fetchDocument(http, options.endpoint, top, apiVersion), signal);

  return {
    provider: 'azure',
    endpoint: options.endpoint,
    getValues: async (prefixes, signal): Promise<KeyValues> => {
      signal?.throwIfAborted();
      const wanted = prefixes.map(normalizePrefix);
      const tops = selectTopLevels(wanted);
      const documents = await Promise.all(tops.map((top) => fetchTop(top, signal)));
      return selectUnder(documents, wanted);
    },
    // `/metadata/versions` needs no api-version: the cheapest request that proves IMDS answers.
    health: (signal) => {
      const url = `${options.endpoint}/metadata/versions`;
      const probe = (request: ProbeRequestOptions) =>
        http.request({ url, operation: 'health', headers: metadataHeader, ...request });
      return probeHealth(url, probe, signal);
    },
    cacheStats: () => cache.stats(),
    // Both calls are idempotent, so close() is too.
    close: async () => {
      http.close();
      cache.clear();
    },
  };
}

// One top level's document, flattened under `/<top>`; a 404 (no load balancer, say) is no values.
async function fetchDocument(
  http: HttpClient,
  endpoint: string,
  top: TopLevel,
  apiVersion: string,
): Promise<KeyValues> {
  const version = versionFor(top, apiVersion);
  const query = version === undefined ? '' : `?api-version=${encodeURIComponent(version)}`;
  const url = `${endpoint}/metadata/${top}${query}`;
  let body: string;
  try {
    const response = await http.request({
      url,
      operation: 'get',
      headers: metadataHeader,
      retryStatus: (status) => status === 410 || isRetryableStatus(status),
      acceptStatus: (status) => status === 400,
    });
    if (response.status === 400) throw explainBadRequest(url, response.body, version ?? '');
    body = response.body;
  } catch (err) {
    if (err instanceof BackendError && err.code === 'BACKEND_NOT_FOUND') return new Map();
    throw err;
  }
  return flattenJson(parseJson(url, body), `/${top}`);
}

function versionFor(top: TopLevel, apiVersion: string): string | undefined {
  if (top === 'versions') return undefined;
  return top === 'scheduledevents' ? defaultScheduledEventsApiVersion : apiVersion;
}

// Position and length only, no body text and no JSON.parse error as cause (V8 quotes the text
// in it): the body is metadata, and error messages end up in logs.
function parseJson(url: string, body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (err) {
    const position = /at position (\d+)/.exec((err as Error).message)?.[1];
    const where = position === undefined ? '' : `, invalid at position ${position}`;
    throw new BackendError(
      'BACKEND_BAD_RESPONSE',
      `GET ${url} answered a body that is not JSON (${body.length} characters${where})`,
      { url },
    );
  }
}

// '/instance/compute/' -> '/instance/compute'; '' and '/' stay '/' (everything).
function normalizePrefix(prefix: string): string {
  const trimmed = `/${prefix}`.replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

function selectTopLevels(prefixes: readonly string[]): TopLevel[] {
  const selected = new Set<TopLevel>();
  for (const prefix of prefixes) {
    const first = prefix.split('/')[1] ?? '';
    if (first === '') topLevels.forEach((top) => selected.add(top));
    else if ((topLevels as readonly string[]).includes(first)) selected.add(first as TopLevel);
  }
  return [...selected];
}

function selectUnder(documents: readonly KeyValues[], prefixes: readonly string[]): KeyValues {
  const out = new Map<string, string>();
  for (const document of documents) {
    for (const [key, value] of document) {
      const wanted = prefixes.some(
        (prefix) => prefix === '/' || key === prefix || key.startsWith(`${prefix}/`),
      );
      if (wanted) out.set(key, value);
    }
  }
  return out;
}
