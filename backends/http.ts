import http from 'node:http';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

import { BackendError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import {
  classifyNetworkError,
  classifyStatus,
  computeBackoffMs,
  isRetryableStatus,
  resolveRetryPolicy,
} from './http-retry.js';
import type { FailureReason, RetryPolicy } from './http-retry.js';
import { createSlots } from './http-slots.js';

export type { FailureReason, RetryPolicy } from './http-retry.js';

/** One attempt, as seen by an observer (metrics). `error` is absent on 2xx and 404 only. */
export interface RequestEvent {
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly durationMs: number;
  readonly error?: FailureReason;
  /** 1 for the first attempt, 2 for the first retry, ... */
  readonly attempt: number;
}

/** The timeout of each attempt when neither the client nor the request sets one. */
export const defaultRequestTimeoutMs = 1000;

export interface HttpClientOptions {
  /** Concurrent requests (and keep-alive sockets) at most; 8 by default. */
  maxSockets?: number;
  /** Timeout of each attempt, from when it gets a socket slot; `defaultRequestTimeoutMs` by default. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: Logger;
  onRequest?: (event: RequestEvent) => void;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'PUT' | 'HEAD';
  headers?: Readonly<Record<string, string>>;
  /** Names the request in events and logs, e.g. 'token' or 'get'. */
  operation: string;
  /** Aborts the request and any retry; the abort reason is thrown as is. */
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Which statuses are retried; 429 and 5xx except 501 by default. */
  retryStatus?: (status: number) => boolean;
  /** Statuses resolved as responses instead of thrown (never retried), so their body can be read. */
  acceptStatus?: (status: number) => boolean;
}

export interface HttpResponse {
  readonly url: string;
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A keep-alive HTTP client shared by the providers' backends. */
export interface HttpClient {
  /**
   * Send a request, retrying 429/5xx and connection failures. Resolves on 2xx; throws
   * BackendError: BACKEND_NOT_FOUND on 404 (never retried), BACKEND_UNREACHABLE when no attempt
   * got an answer, BACKEND_BAD_RESPONSE for any other status (`status` tells which, e.g. 401).
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** Destroy the keep-alive sockets; idempotent. */
  close(): void;
}

interface Failure {
  failure: FailureReason;
  status?: number;
  cause?: unknown;
}
type Attempt = { response: HttpResponse } | Failure;

/** A keep-alive client over node:http/https with bounded concurrency, timeouts and retries. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxSockets = options.maxSockets ?? 8;
  const timeoutMs = options.timeoutMs ?? defaultRequestTimeoutMs;
  const agents = {
    http: new http.Agent({ keepAlive: true, maxSockets }),
    https: new https.Agent({ keepAlive: true, maxSockets }),
  };
  const slots = createSlots(maxSockets);

  // One attempt: wait for a slot, then send with a timeout, and report it to the observer.
  const attemptOnce = async (request: HttpRequest, attempt: number): Promise<Attempt> => {
    const release = await slots.acquire(request.signal);
    const started = performance.now();
    let outcome: Attempt;
    try {
      const response = await sendOnce(request, agents, request.timeoutMs ?? timeoutMs);
      const ok =
        classifyAnswer(response.status) === undefined ||
        request.acceptStatus?.(response.status) === true;
      outcome = ok
        ? { response }
        : { failure: classifyStatus(response.status), status: response.status };
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason;
      outcome = { failure: isTimeout(err) ? 'timeout' : classifyNetworkError(err), cause: err };
    } finally {
      release();
    }
    const status = 'response' in outcome ? outcome.response.status : outcome.status;
    const error = 'failure' in outcome ? outcome.failure : classifyAnswer(outcome.response.status);
    const event: RequestEvent = {
      operation: request.operation,
      method: request.method ?? 'GET',
      url: request.url,
      ...(status === undefined ? {} : { status }),
      durationMs: performance.now() - started,
      ...(error === undefined ? {} : { error }),
      attempt,
    };
    options.logger?.debug({ ...event }, 'metadata request');
    options.onRequest?.(event);
    return outcome;
  };

  // Attempts until an answer that is final, or the retries or time budget run out.
  const send = async (request: HttpRequest): Promise<HttpResponse> => {
    const policy = resolveRetryPolicy(options.retry, request.retry);
    const retryStatus = request.retryStatus ?? isRetryableStatus;
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await attemptOnce(request, attempt);
      if ('response' in outcome) return checkFound(request, outcome.response);
      const retryable = outcome.status === undefined || retryStatus(outcome.status);
      const backoffMs = computeBackoffMs(attempt, policy);
      const withinBudget = performance.now() - started + backoffMs < policy.budgetMs;
      if (!retryable || attempt > policy.retries || !withinBudget)
        throw toBackendError(request, outcome, attempt);
      await policy.sleep(backoffMs, request.signal).catch((err: unknown) => {
        throw request.signal?.aborted ? request.signal.reason : err;
      });
    }
  };

  return {
    request: send,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

// Send one request and read its whole body, aborting on timeout or on the caller's signal.
async function sendOnce(
  request: HttpRequest,
  agents: { http: http.Agent; https: https.Agent },
  timeoutMs: number,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const secure = request.url.startsWith('https:');
  const transport = secure ? https : http;
  const agent = secure ? agents.https : agents.http;
  const message = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const outgoing = transport.request(
      request.url,
      { method: request.method ?? 'GET', headers: request.headers, agent, signal },
      resolve,
    );
    outgoing.once('error', reject);
    outgoing.end();
  });
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  if (timeout.aborted) throw timeout.reason;
  return {
    url: request.url,
    status: message.statusCode ?? 0,
    headers: message.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

// What an answer with this status failed by; undefined for 2xx and 404 (an answer: no such key).
function classifyAnswer(status: number): FailureReason | undefined {
  return (status >= 200 && status < 300) || status === 404 ? undefined : classifyStatus(status);
}

function checkFound(request: HttpRequest, response: HttpResponse): HttpResponse {
  if (response.status !== 404 || request.acceptStatus?.(404) === true) return response;
  throw new BackendError('BACKEND_NOT_FOUND', `${describe(request)} answered 404: no such key`, {
    url: request.url,
    status: 404,
  });
}

function toBackendError(request: HttpRequest, outcome: Failure, attempts: number): BackendError {
  const tries = attempts === 1 ? '' : ` after ${attempts} attempts`;
  if (outcome.status !== undefined) {
    return new BackendError(
      'BACKEND_BAD_RESPONSE',
      `${describe(request)} answered ${outcome.status}${tries}`,
      { url: request.url, status: outcome.status },
    );
  }
  const detail = (outcome.cause as { code?: string } | undefined)?.code ?? outcome.failure;
  return new BackendError(
    'BACKEND_UNREACHABLE',
    `${describe(request)} failed: ${outcome.failure} (${detail})${tries}`,
    { url: request.url, cause: outcome.cause },
  );
}

function describe(request: HttpRequest): string {
  return `${request.method ?? 'GET'} ${request.url}`;
}

function isTimeout(err: unknown): boolean {
  const name = err as { name?: unknown; cause?: { name?: unknown } } | undefined;
  return name?.name === 'TimeoutError' || name?.cause?.name === 'TimeoutError';
}
