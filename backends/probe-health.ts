import type { Health } from './backend.js';
import type { HttpRequest } from './http.js';

/** How long a health probe may take in all, a token fetch included. */
export const healthTimeoutMs = 2000;

/** The request options a probe must pass on: one attempt, bounded by the probe's deadline. */
export type ProbeRequestOptions = Required<Pick<HttpRequest, 'timeoutMs' | 'retry' | 'signal'>>;

/**
 * Every backend's `health()`: runs `probe` (one cheap request in the provider's protocol at
 * `url`, sent with `options`) without retries, within `healthTimeoutMs` or until `signal`
 * aborts. Ok when the probe resolves; otherwise the reason, naming `url` on a timeout. Never
 * throws.
 */
export async function probeHealth(
  url: string,
  probe: (options: ProbeRequestOptions) => Promise<unknown>,
  signal?: AbortSignal,
): Promise<Health> {
  const deadline = AbortSignal.timeout(healthTimeoutMs);
  try {
    await probe({
      timeoutMs: healthTimeoutMs,
      retry: { retries: 0 },
      signal: signal ? AbortSignal.any([deadline, signal]) : deadline,
    });
    return { ok: true };
  } catch (err) {
    if (deadline.aborted)
      return { ok: false, reason: `GET ${url}: no answer within ${healthTimeoutMs} ms` };
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
