import type { IncomingHttpHeaders } from 'node:http';
import { WatchedData } from '../emulator/watched-data.js';
import type {
  EmulatorRequest,
  EmulatorResponse,
  ProviderRoutes,
} from '../emulator/provider-routes.js';
import { imdsApiVersions, scheduledEventsApiVersions } from './api-versions.js';
import { loadAzureData, type AzureData } from './emulator-data.js';
import { answerFiltered } from './emulator-filter.js';
import { issueIdentityToken } from './emulator-identity.js';
import {
  errorResponse,
  identityErrorResponse,
  jsonResponse,
  statusResponse,
} from './emulator-responses.js';
import { ScheduledEventsState } from './emulator-scheduled-events.js';
import { decodeSegments, headerValue } from '../emulator/request-parts.js';

/** What the Azure routes need from the emulator. */
export interface AzureRoutesContext {
  /** A JSON data file or a data directory; absent = the built-in data set. */
  data?: string;
  onWarning?: (message: string) => void;
  /** Milliseconds clock for token times; Date.now by default. */
  now?: () => number;
}

interface RouteState {
  data: WatchedData<AzureData>;
  events: ScheduledEventsState;
  now: () => number;
}

interface Route {
  readonly path: string;
  readonly segments: readonly string[];
  readonly query: URLSearchParams;
}

const tokenPath = '/metadata/identity/oauth2/token';

/** Azure IMDS over the current data set, reloaded when its file changes. Throws ConfigError. */
export async function createAzureRoutes(context: AzureRoutesContext): Promise<ProviderRoutes> {
  const data = await WatchedData.open({
    path: context.data,
    load: () => loadAzureData(context.data),
    onWarning: context.onWarning,
  });
  const state = { data, events: new ScheduledEventsState(), now: context.now ?? Date.now };
  return {
    handle: (request) => routeRequest(request, state),
    renderStatus: (status) => statusResponse(status),
    close: () => data.close(),
  };
}

// Clients that join a base URL ending in `/` send `//metadata/...`: collapse, and drop a final `/`.
function routeRequest(request: EmulatorRequest, state: RouteState): EmulatorResponse {
  const url = new URL(request.url.replace(/^\/+/, '/'), 'http://emulator');
  const path = url.pathname.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1');
  const segments = decodeSegments(path);
  if (segments === undefined || segments[0] !== 'metadata') return apiNotFound(path, request);
  const route = { path, segments: segments.slice(1), query: url.searchParams };
  if (path === tokenPath) return serveToken(request, route, state);
  if (!hasMetadataHeader(request.headers)) {
    return errorResponse(400, 'Bad request. Required metadata header not specified');
  }
  const [top, ...filter] = route.segments;
  if (top === 'versions' && filter.length === 0) {
    return onlyGet(request, route) ?? jsonResponse({ apiVersions: imdsApiVersions });
  }
  if (top === 'instance' || top === 'loadbalancer') {
    const refused = onlyGet(request, route) ?? checkApiVersion(route.query, imdsApiVersions);
    return refused ?? serveDocument(top, filter, route.query, state.data.current);
  }
  if (top === 'scheduledevents' && filter.length === 0) {
    const refused = checkApiVersion(route.query, scheduledEventsApiVersions);
    if (refused !== undefined) return refused;
    if (request.method === 'POST')
      return state.events.acknowledge(state.data.current, request.body);
    return onlyGet(request, route) ?? state.events.list(state.data.current);
  }
  return apiNotFound(path, request);
}

function serveDocument(
  top: 'instance' | 'loadbalancer',
  filter: readonly string[],
  query: URLSearchParams,
  data: AzureData,
): EmulatorResponse {
  const document = top === 'instance' ? data.instance : data.loadbalancer;
  if (document === undefined) {
    return errorResponse(
      404,
      'No load balancer metadata is found. Please check if your VM is using any non-basic SKU load balancer and retry later.',
    );
  }
  return answerFiltered(document, filter, query.get('format'));
}

// The token endpoint speaks OAuth errors, the header check included.
function serveToken(request: EmulatorRequest, route: Route, state: RouteState): EmulatorResponse {
  if (!hasMetadataHeader(request.headers)) {
    return identityErrorResponse(400, 'invalid_request', 'Required metadata header not specified');
  }
  const refused = onlyGet(request, route);
  if (refused !== undefined) return refused;
  const version = route.query.get('api-version');
  if (version === null || !imdsApiVersions.includes(version)) {
    const reason =
      version === null
        ? "Required query variable 'api-version' is missing"
        : `Invalid api-version "${version}"`;
    return identityErrorResponse(400, 'invalid_request', reason);
  }
  return issueIdentityToken(route.query, state.data.current.identities, state.now());
}

// IMDS lists its newest versions when the api-version is missing or unknown.
function checkApiVersion(
  query: URLSearchParams,
  known: readonly string[],
): EmulatorResponse | undefined {
  const version = query.get('api-version');
  if (version !== null && known.includes(version)) return undefined;
  const newest = [...known].reverse().slice(0, 3);
  const error =
    version === null
      ? 'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds'
      : 'Bad request. api-version is invalid or was not specified in the request. For more information refer to aka.ms/azureimds';
  return errorResponse(400, error, { 'newest-versions': newest });
}

function onlyGet(request: EmulatorRequest, route: Route): EmulatorResponse | undefined {
  if (request.method === 'GET') return undefined;
  return errorResponse(
    405,
    `Http method is not allowed: Path = "${route.path}", Method = "${request.method}"`,
  );
}

function apiNotFound(path: string, request: EmulatorRequest): EmulatorResponse {
  return errorResponse(404, `API not found: Path = "${path}", Method = "${request.method}"`);
}

// IMDS accepts `Metadata: true` in any letter case (its own samples send `Metadata:True`).
function hasMetadataHeader(headers: IncomingHttpHeaders): boolean {
  return headerValue(headers, 'metadata')?.toLowerCase() === 'true';
}
