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
 * Daemon mode: run a pass, wait the interval plus a small random splay (or until `wake()` is
 * called: a configuration reload, a pushed metadata change), repeat until stopped. A failed pass
 * (an IMDS outage) is logged and retried at the next tick, never fatal.
 */
export class PollLoop {
  #wakeUp: (() => void) | undefined;
  #wakeRequested = false;

  constructor(
    private readonly runOnce: () => Promise<PassResult>,
    private readonly options: PollLoopOptions,
  ) {}

  /** Run the next pass now instead of at the end of the interval. */
  wake(): void {
    this.#wakeRequested = true;
    this.#wakeUp?.();
  }

  /** Resolves once the signal aborts and the pass in flight has finished. */
  async run(): Promise<void> {
    const { signal, logger } = this.options;
    while (!signal.aborted) {
      this.#wakeRequested = false;
      try {
        const pass = await this.runOnce();
        const failed = pass.outcomes.filter((outcome) => outcome.status === 'failed').length;
        logger.info(
          { resources: pass.outcomes.length, failed, durationMs: Math.round(pass.durationMs) },
          'poll finished',
        );
      } catch (err) {
        logger.error({ err }, 'poll failed; retrying at the next tick');
      }
      await this.#waitForNextTick();
    }
  }

  // The interval plus splay, cut short by wake() or a stop.
  async #waitForNextTick(): Promise<void> {
    if (this.#wakeRequested || this.options.signal.aborted) return;
    const random = this.options.random ?? Math.random;
    const splayMs = Math.round(random() * Math.min(maxSplayMs, this.options.intervalMs * 0.1));
    const wait = new AbortController();
    const stop = (): void => wait.abort();
    this.#wakeUp = stop;
    this.options.signal.addEventListener('abort', stop, { once: true });
    await sleep(this.options.intervalMs + splayMs, undefined, { signal: wait.signal }).catch(
      () => undefined,
    );
    this.options.signal.removeEventListener('abort', stop);
    this.#wakeUp = undefined;
  }
}
