import { BackendError } from '../../src/errors.js';
import type { KeyValues } from '../backend.js';
import { flattenJson } from '../flatten.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../http.js';
import { parseBigJson } from './big-json.js';
import { mapToRestNames } from './names.js';

/** One top-level directory (`instance`, `project`), flattened under URL names. */
export interface FetchedDirectory {
  readonly values: KeyValues;
  /** The server's ETag of this answer; a long poll waits for it to change. */
  readonly etag: string | undefined;
}

/** A long poll: answer once the directory's ETag differs from `lastEtag`, or after `timeoutSec`. */
export interface ChangeWait {
  readonly lastEtag: string;
  readonly timeoutSec: number;
}

export const flavorHeader = 'Metadata-Flavor';
export const flavorValue = 'Google';

/**
 * GET `<endpoint>/computeMetadata/v1/<directory>/?recursive=true&alt=json` (a long poll with
 * `wait`), checks that the GCE metadata server answered, and flattens its camelCase JSON to
 * `/<directory>/...` keys under URL names, integers exact. Undefined when the directory does
 * not exist (a 404 from the metadata server: a 404 without the flavor header is something
 * else answering, and thrown). Throws BackendError.
 */
export async function fetchDirectory(
  http: HttpClient,
  endpoint: string,
  directory: string,
  request: Pick<HttpRequest, 'signal' | 'timeoutMs' | 'retry'> & { wait?: ChangeWait },
): Promise<FetchedDirectory | undefined> {
  const { wait, ...options } = request;
  const query = wait
    ? `&wait_for_change=true&last_etag=${encodeURIComponent(wait.lastEtag)}&timeout_sec=${wait.timeoutSec}`
    : '';
  const url = `${endpoint}/computeMetadata/v1/${encodeURIComponent(directory)}/?recursive=true&alt=json${query}`;
  const response = await http.request({
    ...options,
    url,
    operation: wait ? 'watch' : 'get',
    headers: { [flavorHeader]: flavorValue },
    acceptStatus: (status) => status === 404,
  });
  checkFlavor(response);
  if (response.status === 404) return undefined;
  const etag = response.headers.etag;
  return { values: flattenDirectory(response, directory), etag };
}

/** Throws unless the answer carries `Metadata-Flavor: Google`: without it, something else answered. */
export function checkFlavor(response: HttpResponse): void {
  const flavor = response.headers[flavorHeader.toLowerCase()];
  if (flavor === flavorValue) return;
  const got = flavor === undefined ? 'no such header' : JSON.stringify(flavor);
  throw new BackendError(
    'BACKEND_BAD_RESPONSE',
    `GET ${response.url} answered ${response.status} without "${flavorHeader}: ${flavorValue}" (got ${got}): something other than the GCE metadata server answered at that URL`,
    { url: response.url, status: response.status },
  );
}

function flattenDirectory(response: HttpResponse, directory: string): KeyValues {
  try {
    const tree = mapToRestNames(parseBigJson(response.body), [directory]);
    return flattenJson(tree, `/${directory}`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BackendError(
      'BACKEND_BAD_RESPONSE',
      `GET ${response.url}: the recursive answer is not JSON: ${reason}`,
      { url: response.url, status: response.status, cause: err },
    );
  }
}
