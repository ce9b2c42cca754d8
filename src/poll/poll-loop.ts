import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log.js';
import type { PassResult } from './run-pass.js';

export interface PollLoopOptions {
  readonly intervalMs: number;
  /** Aborting stops the loop after the resource in flight. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Source of randomness for the splay; Math.random by default. */
  readonly random?: () => number;
}

/** At most this much random delay is added to each interval, so a fleet does not poll in step. */
const maxSplayMs = 30_000;

/**
 * Daemon mode: run a pass, wait the interval plus a small random splay, repeat until stopped.
 * A failed pass (an IMDS outage) is logged by the pass and retried at the next tick, never fatal.
 */
export async function runPollLoop(
  runOnce: () => Promise<PassResult>,
  options: PollLoopOptions,
): Promise<void> {
  const random = options.random ?? Math.random;
  while (!options.signal.aborted) {
    try {
      const pass = await runOnce();
      const failed = pass.outcomes.filter((outcome) => outcome.status === 'failed').length;
      options.logger.info(
        { resources: pass.outcomes.length, failed, durationMs: Math.round(pass.durationMs) },
        'poll finished',
      );
    } catch (err) {
      options.logger.error({ err }, 'poll failed; retrying at the next tick');
    }
    const splayMs = Math.round(random() * Math.min(maxSplayMs, options.intervalMs * 0.1));
    await sleep(options.intervalMs + splayMs, undefined, { signal: options.signal }).catch(
      () => undefined,
    );
  }
}
