import { setTimeout as delay } from 'node:timers/promises';

/** How failed requests are retried: exponential backoff with full jitter, within a time budget. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly retries: number;
  /** Backoff ceiling of the first retry; doubles on each retry. */
  readonly baseDelayMs: number;
  /** Upper bound of any one backoff. */
  readonly maxDelayMs: number;
  /** No retry starts once this much time has passed since the first attempt. */
  readonly budgetMs: number;
  /** Source of jitter in [0, 1); injectable for deterministic tests. */
  readonly random: () => number;
  /** Waits between attempts; injectable so tests need not sleep. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why an attempt failed, as reported to `onRequest` observers (metrics `reason` label). */
export type FailureReason =
  | 'timeout'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'throttled'
  | 'status_5xx'
  | 'unauthorized'
  | 'status_4xx';

const defaultRetryPolicy: RetryPolicy = Object.freeze({
  retries: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  budgetMs: 5000,
  random: Math.random,
  sleep: (ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}),
});

/** A complete, frozen policy from defaults and the given overrides. */
export function resolveRetryPolicy(
  ...overrides: (Partial<RetryPolicy> | undefined)[]
): RetryPolicy {
  return Object.freeze(Object.assign({}, defaultRetryPolicy, ...overrides) as RetryPolicy);
}

/** Full-jitter backoff before retry number `retry` (1-based): uniform in [0, min(max, base * 2^(retry-1))). */
export function computeBackoffMs(retry: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(policy.random() * ceiling);
}

/** 429 and 5xx are worth retrying, except 501 Not Implemented, which will not change. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599 && status !== 501);
}

/** The failure reason of an answered request with a non-2xx status other than 404. */
export function classifyStatus(status: number): FailureReason {
  if (status === 429) return 'throttled';
  if (status === 401) return 'unauthorized';
  return status >= 500 ? 'status_5xx' : 'status_4xx';
}

/** The failure reason of a request that got no answer (all of them are retried). */
export function classifyNetworkError(err: unknown): FailureReason {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  return 'unreachable';
}
