import { ConfigError } from '../../src/errors.js';

/** One request the emulator answered. */
export interface ServedRequest {
  readonly method: string;
  /** As received, query included. */
  readonly path: string;
  readonly status: number;
}

/** The most recent requests an emulator served, oldest first, at most `limit` of them. */
export interface RequestLog {
  /** Live: tests read it after their requests; `splice(0)` empties it. */
  readonly entries: ServedRequest[];
  record(request: ServedRequest): void;
}

/** How many requests an emulator remembers unless told otherwise. */
export const defaultRequestLogLimit = 10_000;

/**
 * A request log that drops the oldest entry as each one past `limit` arrives, so that a
 * long-running emulator (`confd-ts emulate`, `imds --emulate`) does not grow. Throws ConfigError
 * for a limit that is not a whole number.
 */
export function createRequestLog(limit = defaultRequestLogLimit): RequestLog {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new ConfigError(`emulator requestLogLimit must be an integer from 0, got ${limit}`);
  }
  const entries: ServedRequest[] = [];
  return {
    entries,
    record(request) {
      entries.push(request);
      if (entries.length > limit) entries.splice(0, entries.length - limit);
    },
  };
}
