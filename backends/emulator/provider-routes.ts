import type { IncomingHttpHeaders } from 'node:http';

/** One request as a provider's routes see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. `//latest/meta-data/?x=1`. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Aborted once the client has gone (or the answer was sent): a long poll stops waiting. */
  readonly signal?: AbortSignal;
}

/** The answer to one request; the server adds `Content-Length` and drops the body for HEAD. */
export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A cloud's metadata protocol, answering from its current data set. */
export interface ProviderRoutes {
  /** May answer later, e.g. a long poll waiting for the data to change. */
  handle(request: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
  /** The answer the real service gives with this status, used for injected faults (429, 500). */
  renderStatus(status: number): EmulatorResponse;
  /** Stops watching data files; idempotent. */
  close(): Promise<void>;
}
