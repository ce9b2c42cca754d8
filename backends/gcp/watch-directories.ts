import type { Logger } from '../../src/log.js';
import { computeBackoffMs, resolveRetryPolicy } from '../http-retry.js';
import type { RetryPolicy } from '../http-retry.js';
import type { ChangeWait } from './fetch-directory.js';

/** What the long polls need from the backend. */
export interface WatchContext {
  /** The ETag of the directory's last fetch, if any. */
  etagOf(directory: string): string | undefined;
  /** Fetches the directory (a long poll with `wait`), updating its cache entry and ETag. */
  fetch(directory: string, wait: ChangeWait | undefined, signal: AbortSignal): Promise<void>;
  /** `timeout_sec` of each long poll. */
  timeoutSec: number;
  retry?: Partial<RetryPolicy> | undefined;
  logger?: Logger | undefined;
}

// Failed long polls back off from 0.5-1 s up to 30 s, whatever the request retry policy says, so
// a dead or misbehaving server is never hammered; only `sleep` and `random` are taken from it.
const watchBackoff = { baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * Resolves once any of `directories` has a new ETag, after stopping the other long polls.
 * Rejects only with `signal`'s abort reason.
 */
export async function watchDirectories(
  directories: readonly string[],
  signal: AbortSignal,
  context: WatchContext,
): Promise<void> {
  signal.throwIfAborted();
  const done = new AbortController();
  const both = AbortSignal.any([signal, done.signal]);
  try {
    await Promise.any(directories.map((directory) => watchDirectory(directory, both, context)));
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw err instanceof AggregateError ? err.errors[0] : err;
  } finally {
    done.abort();
  }
}

// Long polls with the last ETag until it changes; a timeout_sec expiry answers the same ETag,
// and the poll starts again. Without an ETag yet, one plain fetch takes the starting point.
async function watchDirectory(
  directory: string,
  signal: AbortSignal,
  context: WatchContext,
): Promise<void> {
  const policy = resolveRetryPolicy(context.retry, watchBackoff);
  for (let failures = 0; ;) {
    const known = context.etagOf(directory);
    try {
      const wait =
        known === undefined ? undefined : { lastEtag: known, timeoutSec: context.timeoutSec };
      await context.fetch(directory, wait, signal);
      const current = context.etagOf(directory);
      if (current === undefined) throw new Error(`/${directory}/ has no ETag to wait on`);
      failures = 0;
      if (known !== undefined && current !== known) return;
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      failures += 1;
      const delayMs = Math.max(computeBackoffMs(failures, policy), policy.baseDelayMs / 2);
      context.logger?.warn({ err, directory, delayMs }, 'metadata long poll failed; retrying');
      await policy.sleep(delayMs, signal).catch(() => {
        throw signal.reason;
      });
    }
  }
}
