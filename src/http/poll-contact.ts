import { BackendError } from '../errors.js';
import type { PassResult } from '../poll/run-pass.js';

/** What one pass learned about the metadata service. */
export type PollContact =
  { readonly ok: true } | { readonly ok: false; readonly error: BackendError };

/**
 * How a pass went as far as the metadata service is concerned, or `undefined` when it fetched
 * nothing (no resource, or a stop before any). A pass is a *successful poll* when every fetch
 * reached the service and got its values; it failed when any resource's fetch ended in a
 * BackendError (unreachable, or 5xx/429/401 after retries). Render, write and command failures
 * are the resources' own and do not make the poll unsuccessful.
 */
export function describePollContact(pass: PassResult): PollContact | undefined {
  if (pass.outcomes.length === 0) return undefined;
  const failure = pass.outcomes.find((outcome) => isFetchFailure(outcome.error));
  return failure ? { ok: false, error: failure.error as BackendError } : { ok: true };
}

// A fetch failure is a BackendError: 404s are absent keys, never thrown by getValues.
function isFetchFailure(error: unknown): error is BackendError {
  return error instanceof BackendError && error.code !== 'BACKEND_NOT_FOUND';
}
