import { BackendError } from '../../src/errors.js';
import { SingleFlight } from '../../src/cache/single-flight.js';
import type { HttpClient } from '../http.js';

/** The most IMDS grants, and what we ask for: six hours. */
const maxTokenTtlSeconds = 21_600;
const ttlHeader = 'x-aws-ec2-metadata-token-ttl-seconds';
const maxRefreshMarginMs = 60_000;

export interface TokenSourceOptions {
  http: HttpClient;
  /** Base URL of the metadata service, without a trailing slash. */
  endpoint: string;
  /** Requested TTL, 1 to 21600 seconds; 21600 by default. */
  ttlSeconds?: number;
  /** Milliseconds clock; injectable so tests can pass a token's expiry without sleeping. */
  clock?: () => number;
}

/** IMDSv2 session tokens, fetched once and reused until shortly before they expire. */
export interface TokenSource {
  /** A token valid for a while yet; concurrent callers share one `PUT /latest/api/token`. */
  get(signal?: AbortSignal): Promise<string>;
  /** Forget `token` (the service answered 401 to it), so that the next `get` fetches a new one. */
  invalidate(token: string): void;
}

interface HeldToken {
  readonly token: string;
  /** When to stop using it: its expiry less min(60 s, 10% of the TTL granted). */
  readonly refreshAt: number;
}

/** A token source over `PUT <endpoint>/latest/api/token`. */
export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const clock = options.clock ?? Date.now;
  const requestedTtl = options.ttlSeconds ?? maxTokenTtlSeconds;
  const flight = new SingleFlight<HeldToken>();
  let held: HeldToken | undefined;

  // PUT for a new token; the response may grant a shorter TTL than asked (its header says).
  const fetchToken = async (): Promise<HeldToken> => {
    const issuedAt = clock();
    const url = `${options.endpoint}/latest/api/token`;
    const response = await options.http
      .request({
        url,
        method: 'PUT',
        headers: { 'X-aws-ec2-metadata-token-ttl-seconds': String(requestedTtl) },
        operation: 'token',
      })
      .catch((err: unknown) => {
        throw rephraseTokenError(err);
      });
    if (response.body.length === 0) {
      throw new BackendError('BACKEND_BAD_RESPONSE', `PUT ${url} answered an empty token`, {
        url,
        status: response.status,
      });
    }
    const grantedMs = readGrantedTtl(response.headers[ttlHeader], requestedTtl) * 1000;
    const marginMs = Math.min(maxRefreshMarginMs, grantedMs / 10);
    held = { token: response.body, refreshAt: issuedAt + grantedMs - marginMs };
    return held;
  };

  return {
    get: async (signal) => {
      if (held && clock() < held.refreshAt) return held.token;
      return (await flight.run('token', fetchToken, signal)).token;
    },
    invalidate: (token) => {
      if (held?.token === token) held = undefined;
    },
  };
}

// The TTL the service granted, or the one requested when its header is missing or malformed.
function readGrantedTtl(header: string | string[] | undefined, requested: number): number {
  const granted = Number(Array.isArray(header) ? header[0] : header);
  return Number.isInteger(granted) && granted > 0 && granted <= requested ? granted : requested;
}

// A 404 from the token endpoint is not "no such key": the service does not speak IMDSv2 there.
function rephraseTokenError(err: unknown): unknown {
  if (!(err instanceof BackendError) || err.code !== 'BACKEND_NOT_FOUND') return err;
  return new BackendError(
    'BACKEND_BAD_RESPONSE',
    `PUT ${err.url} answered 404: this endpoint does not offer IMDSv2 session tokens`,
    { url: err.url, status: 404, cause: err },
  );
}
