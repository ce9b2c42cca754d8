import type { FaultInjector } from '../emulator/fault-injection.js';
import type {
  EmulatorRequest,
  EmulatorResponse,
  ProviderRoutes,
} from '../emulator/provider-routes.js';
import {
  openAwsDataSource,
  type AwsDataSource,
  type AwsDataSourceOptions,
} from './emulator-data-source.js';
import { statusPage, textResponse } from './emulator-responses.js';
import { TokenStore } from './emulator-tokens.js';
import { findNode, listDirectory, renderLeaf, type MetadataTree } from './emulator-tree.js';
import { decodeSegments, headerValue } from '../emulator/request-parts.js';

/** What the AWS routes need from the emulator. */
export interface AwsRoutesContext extends AwsDataSourceOptions {
  /** Serve GETs without a session token. */
  imdsv1?: boolean;
  /** Read on every token request for `tokenTtlCapSeconds`. */
  faults: FaultInjector;
  now?: () => number;
}

const tokenPath = '/latest/api/token';
const ttlHeader = 'x-aws-ec2-metadata-token-ttl-seconds';
const maxTtlSeconds = 21600;
// Dated versions answer with the same tree as `latest`.
const versions = [
  ...['1.0', '2007-01-19', '2007-03-01', '2007-08-29', '2007-10-10', '2007-12-15', '2008-02-01'],
  ...['2008-09-01', '2009-04-04', '2011-01-01', '2011-05-01', '2012-01-12', '2014-02-25'],
  ...['2014-11-05', '2015-10-20', '2016-04-19', '2016-06-30', '2016-09-02', '2018-03-28'],
  ...['2018-08-17', '2018-09-24', '2019-10-01', '2020-10-27', '2021-01-03', '2021-03-23'],
  ...['2021-07-15', '2022-09-24', '2024-04-11', 'latest'],
];

/** The EC2 instance metadata service (IMDSv2, optionally v1) over the current data set. Throws ConfigError. */
export async function createAwsRoutes(context: AwsRoutesContext): Promise<ProviderRoutes> {
  const data = await openAwsDataSource(context);
  const tokens = new TokenStore(context.now);
  return {
    handle: (request) => routeRequest(request, { context, data, tokens }),
    renderStatus: (status) => statusPage(status),
    close: () => data.close(),
  };
}

interface RouteState {
  context: AwsRoutesContext;
  data: AwsDataSource;
  tokens: TokenStore;
}

// The AWS SDK sends `//latest/...`: IMDS collapses repeated slashes, so do we.
function routeRequest(request: EmulatorRequest, state: RouteState): EmulatorResponse {
  const path = (request.url.split('?')[0] ?? '/').replace(/\/{2,}/g, '/');
  if (path === tokenPath || path === `${tokenPath}/`) return issueToken(request, state);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return statusPage(405, { Allow: 'GET, HEAD' });
  }
  const token = headerValue(request.headers, 'x-aws-ec2-metadata-token');
  if (state.context.imdsv1 !== true && !state.tokens.isValid(token)) return statusPage(401);
  return serveMetadata(path, state.data.current);
}

// PUT /latest/api/token: TTL 1..21600 (capped by tokenTtlCapSeconds); never through a proxy.
function issueToken(request: EmulatorRequest, state: RouteState): EmulatorResponse {
  if (request.method !== 'PUT') return statusPage(405, { Allow: 'PUT' });
  if (headerValue(request.headers, 'x-forwarded-for') !== undefined) return statusPage(403);
  const requested = headerValue(request.headers, ttlHeader) ?? '';
  const ttl = /^\d{1,5}$/.test(requested) ? Number(requested) : NaN;
  if (!(ttl >= 1 && ttl <= maxTtlSeconds)) return statusPage(400);
  const granted = Math.min(ttl, state.context.faults.current.tokenTtlCapSeconds ?? ttl);
  const token = state.tokens.issue(granted);
  return textResponse(token, 'text/plain', {
    'X-Aws-Ec2-Metadata-Token-Ttl-Seconds': `${granted}`,
  });
}

function serveMetadata(path: string, tree: MetadataTree): EmulatorResponse {
  const segments = decodeSegments(path);
  if (segments === undefined) return statusPage(404);
  const [version, ...rest] = segments;
  if (version === undefined) return textResponse(versions.join('\n'));
  if (!versions.includes(version)) return statusPage(404);
  if (rest.length === 0) return textResponse([...tree.entries.keys()].sort().join('\n'));
  const node = findNode(tree, rest);
  if (node === undefined) return statusPage(404);
  if (node.kind === 'directory') return textResponse(listDirectory(node));
  const isUserData = rest.length === 1 && rest[0] === 'user-data';
  return textResponse(renderLeaf(node), isUserData ? 'application/octet-stream' : 'text/plain');
}
