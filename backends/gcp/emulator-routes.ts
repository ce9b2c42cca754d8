import { WatchedData } from '../emulator/watched-data.js';
import type {
  EmulatorRequest,
  EmulatorResponse,
  ProviderRoutes,
} from '../emulator/provider-routes.js';
import type { BigJsonObject } from './big-json.js';
import { ChangeNotifier } from './emulator-changes.js';
import { loadGcpData } from './emulator-data.js';
import {
  errorPage,
  gcpResponse,
  missingFlavorPage,
  redirectToDirectory,
} from './emulator-responses.js';
import { issueAccessToken, issueIdentityToken, readAccountEmail } from './emulator-tokens.js';
import { findNode, renderNode, type RenderedNode } from './emulator-tree.js';
import { decodeSegments, headerValue } from '../emulator/request-parts.js';

/** What the GCP routes need from the emulator. */
export interface GcpRoutesContext {
  /** A JSON data file or a data directory; absent = the built-in data set. */
  data?: string;
  onWarning?: (message: string) => void;
  /** Milliseconds clock for identity tokens. */
  now?: () => number;
}

const basePath = '/computeMetadata/v1';

/**
 * The GCE metadata server over the current data set: `Metadata-Flavor: Google` required and
 * echoed, ETags, listings, 301 for a directory without `/`, `recursive`, `alt`,
 * `wait_for_change` long polls woken by data reloads, service-account tokens. Throws ConfigError.
 */
export async function createGcpRoutes(context: GcpRoutesContext): Promise<ProviderRoutes> {
  const changes = new ChangeNotifier();
  const data = await WatchedData.open({
    path: context.data,
    load: () => loadGcpData(context.data),
    onWarning: context.onWarning,
    onReload: () => changes.notify(),
  });
  const state = { data, changes, now: context.now ?? Date.now };
  return {
    handle: (request) => routeRequest(request, state),
    renderStatus: (status) => errorPage(status, '/'),
    close: async () => {
      changes.close();
      await data.close();
    },
  };
}

interface RouteState {
  data: WatchedData<BigJsonObject>;
  changes: ChangeNotifier;
  now: () => number;
}

interface Target {
  path: string;
  query: URLSearchParams;
  rawQuery: string;
  segments: string[];
}

function routeRequest(
  request: EmulatorRequest,
  state: RouteState,
): EmulatorResponse | Promise<EmulatorResponse> {
  const [path = '/', rawQuery = ''] = request.url.split(/\?(.*)/s);
  const query = new URLSearchParams(rawQuery);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const page = errorPage(405, path);
    return { ...page, headers: { ...page.headers, Allow: 'GET, HEAD' } };
  }
  if (headerValue(request.headers, 'x-forwarded-for') !== undefined)
    return errorPage(403, path, 'Forbidden.');
  if (path === '/') return gcpResponse(200, 'computeMetadata/\n', 'application/text');
  if (headerValue(request.headers, 'metadata-flavor') !== 'Google') return missingFlavorPage(path);
  const suffix = rawQuery === '' ? '' : `?${rawQuery}`;
  if (path === '/computeMetadata' || path === basePath) {
    return redirectToDirectory(headerValue(request.headers, 'host'), path, suffix);
  }
  if (path === '/computeMetadata/') return gcpResponse(200, 'v1/\n', 'application/text');
  if (!path.startsWith(`${basePath}/`)) return errorPage(404, path);
  const segments = decodeSegments(path.slice(basePath.length));
  if (segments === undefined) return errorPage(404, path);
  const target = { path, query, rawQuery: suffix, segments };
  return serveToken(target, state) ?? serveMetadata(target, request, state);
}

// `instance/service-accounts/<account>/token` and `.../identity`, for accounts in the data.
function serveToken(target: Target, state: RouteState): EmulatorResponse | undefined {
  const [top, directory, account, endpoint, ...rest] = target.segments;
  if (top !== 'instance' || directory !== 'service-accounts' || account === undefined)
    return undefined;
  if ((endpoint !== 'token' && endpoint !== 'identity') || rest.length > 0) return undefined;
  const found = findNode(state.data.current, [top, directory, account]);
  if (found === undefined || target.path.endsWith('/')) return errorPage(404, target.path);
  const email = readAccountEmail(found.value, account);
  if (endpoint === 'token') return issueAccessToken(email);
  return issueIdentityToken(email, target.query, target.path, state.now());
}

async function serveMetadata(
  target: Target,
  request: EmulatorRequest,
  state: RouteState,
): Promise<EmulatorResponse> {
  const { query, path } = target;
  const recursive = query.get('recursive')?.toLowerCase() === 'true';
  const alt = query.get('alt');
  let node = findNode(state.data.current, target.segments);
  if (node === undefined) return errorPage(404, path);
  if (node.isDirectory && !path.endsWith('/')) {
    return redirectToDirectory(headerValue(request.headers, 'host'), path, target.rawQuery);
  }
  if (!node.isDirectory && path.endsWith('/')) return errorPage(404, path);
  let rendered = renderNode(node, recursive, alt);
  if (query.get('wait_for_change')?.toLowerCase() !== 'true') return answer(rendered);
  if (node.isDirectory && !recursive) {
    return errorPage(400, path, 'wait_for_change on a directory needs recursive=true.');
  }
  const startEtag = query.get('last_etag') ?? rendered.etag;
  const timeoutSec = Number(query.get('timeout_sec') ?? NaN);
  const deadline =
    Number.isFinite(timeoutSec) && timeoutSec > 0 ? Date.now() + timeoutSec * 1000 : undefined;
  // Answer once the ETag differs from the client's, or when time is up or the client has gone
  // (with the same data).
  while (rendered.etag === startEtag) {
    const changed = await state.changes.next(
      deadline === undefined ? undefined : deadline - Date.now(),
      request.signal,
    );
    if (!changed) break;
    node = findNode(state.data.current, target.segments);
    if (node === undefined) return errorPage(404, path);
    rendered = renderNode(node, recursive, alt);
  }
  return answer(rendered);
}

function answer(rendered: RenderedNode): EmulatorResponse {
  const contentType = rendered.json ? 'application/json' : 'application/text';
  return gcpResponse(200, rendered.body, contentType, { ETag: rendered.etag });
}
