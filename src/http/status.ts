import type { Health, Provider } from '../../backends/backend.js';
import type { CacheStats } from '../cache/ttl-cache.js';
import type { ResourceOutcome } from '../poll/process-resource.js';
import type { PassResult } from '../poll/run-pass.js';
import { ConfdError } from '../errors.js';
import type { SecretScrubber } from '../secrets.js';
import { TemplateError } from '../template/template-error.js';
import { HealthMonitor, type HealthReport } from './health.js';
import { describePollContact } from './poll-contact.js';
import {
  describeReload,
  describeResource,
  type DetailedStatus,
  type ReloadState,
  type ResourceState,
  type ResourceStatus,
  toIso,
} from './detailed-status.js';

export type { DetailedStatus } from './detailed-status.js';
export type { HealthReport } from './health.js';

/** What the daemon currently runs; given again after every configuration reload. */
export interface StatusTarget {
  readonly provider: Provider;
  readonly endpoint: string;
  readonly intervalMs: number;
  /** Destination of every resource of the configuration. */
  readonly dests: readonly string[];
  /** Cheap reachability probe, e.g. `(signal) => backend.health(signal)`. */
  readonly probe: (signal?: AbortSignal) => Promise<Health>;
  readonly cacheStats?: () => CacheStats;
}

export interface StatusOptions {
  /** Removes secret values from error messages before they are kept. */
  readonly secrets: SecretScrubber;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock?: () => number;
  /** See HealthMonitor; 5000 ms by default. */
  readonly probeEveryMs?: number;
  /** Sees every health probe's result (the `confd_backend_healthy` gauge). */
  readonly onProbe?: (health: Health) => void;
}

/** Whether the daemon is ready, and why not. */
export interface ReadyReport {
  readonly ready: boolean;
  readonly reason?: string;
}

/**
 * The daemon's state as `/health`, `/ready` and `/ready/detailed` serve it, fed by the same
 * events as the metrics: passes (or single resource outcomes) and health probes. It keeps
 * statuses, times, scrubbed error messages and command exit codes, never a metadata value nor
 * a command's output.
 */
export class DaemonStatus {
  readonly #clock: () => number;
  readonly #secrets: SecretScrubber;
  readonly #health: HealthMonitor;
  #target: StatusTarget | undefined;
  #resources = new Map<string, ResourceState>();
  #lastPoll: { at: number; durationMs: number; successful: boolean } | undefined;
  #lastReload: ReloadState | undefined;

  constructor(options: StatusOptions) {
    this.#clock = options.clock ?? Date.now;
    this.#secrets = options.secrets;
    this.#health = new HealthMonitor({
      clock: this.#clock,
      probeEveryMs: options.probeEveryMs,
      onProbe: options.onProbe,
      scrub: (text) => options.secrets.scrub(text),
    });
  }

  /** Sets what runs now; resources no longer configured are forgotten, new ones start unprocessed. */
  configure(target: StatusTarget): void {
    this.#target = target;
    this.#health.setProbe(target.probe);
    const kept = new Map<string, ResourceState>();
    for (const dest of target.dests) kept.set(dest, this.#resources.get(dest) ?? { dest });
    this.#resources = kept;
  }

  /** Records one resource's outcome. */
  observeResource(outcome: ResourceOutcome): void {
    // A pass that started before a reload removed this resource must not bring it back.
    const previous = this.#resources.get(outcome.dest);
    if (previous === undefined) return;
    const at = this.#clock();
    this.#resources.set(outcome.dest, {
      ...previous,
      outcome,
      processedAt: at,
      ...(outcome.status === 'changed' ? { changedAt: at } : {}),
      ...(outcome.error === undefined
        ? {}
        : { lastError: { ...this.#describeError(outcome.error), at } }),
    });
  }

  /** Records a whole pass: its outcomes, the poll time, and what it learned of the service. */
  observePass(pass: PassResult): void {
    pass.outcomes.forEach((outcome) => this.observeResource(outcome));
    const contact = describePollContact(pass);
    this.#lastPoll = {
      at: this.#clock(),
      durationMs: pass.durationMs,
      successful: contact?.ok ?? false,
    };
    if (contact !== undefined)
      this.#health.recordContact(
        contact.ok ? { ok: true } : { ok: false, reason: contact.error.message },
      );
  }

  /** Records a configuration reload; `error` when the new configuration was refused. */
  observeConfigReload(error?: unknown): void {
    this.#lastReload = {
      at: this.#clock(),
      ...(error === undefined
        ? {}
        : { error: { ...this.#describeError(error), at: this.#clock() } }),
    };
  }

  /** The service's health, from the last contact or a (rate-limited, shared) probe. */
  health(): Promise<HealthReport> {
    return this.#health.check();
  }

  /** Ready once every resource was processed, while the last poll is within two intervals. */
  readiness(): ReadyReport {
    const pending = [...this.#resources.values()].filter((state) => !state.outcome);
    if (this.#target === undefined || this.#lastPoll === undefined)
      return { ready: false, reason: 'no poll has finished yet' };
    if (pending.length > 0)
      return {
        ready: false,
        reason: `${pending.length} of ${this.#resources.size} resources not processed yet`,
      };
    const ageMs = this.#clock() - this.#lastPoll.at;
    const limitMs = 2 * this.#target.intervalMs;
    if (ageMs > limitMs)
      return {
        ready: false,
        reason: `last poll ended ${Math.round(ageMs / 1000)} s ago, more than two intervals (${limitMs / 1000} s)`,
      };
    return { ready: true };
  }

  /** The `/ready/detailed` document. */
  detailed(): DetailedStatus {
    const target = this.#target;
    const cache = target?.cacheStats?.();
    const last = this.#health.last;
    const resources: ResourceStatus[] = [...this.#resources.values()].map(describeResource);
    return {
      ...this.readiness(),
      provider: target?.provider ?? null,
      endpoint: target?.endpoint ?? null,
      health: last
        ? { ok: last.ok, reason: last.reason ?? null, checkedAt: toIso(last.checkedAt) }
        : null,
      lastPoll: this.#lastPoll
        ? {
            time: toIso(this.#lastPoll.at),
            durationMs: Math.round(this.#lastPoll.durationMs),
            successful: this.#lastPoll.successful,
          }
        : null,
      cache: cache
        ? {
            entries: cache.entries,
            hits: cache.hits,
            misses: cache.misses,
            ttlSeconds: cache.ttlMs / 1000,
          }
        : null,
      configuration: describeReload(this.#lastReload),
      resources,
    };
  }

  // An error as kept: its stable code and its message with secret values scrubbed out.
  // Template errors may quote the value a helper choked on (atoi "i-123..."): only where it failed
  // is kept. Backend, write, command and configuration errors name URLs, paths and commands.
  #describeError(error: unknown): { code: string | null; message: string } {
    if (error instanceof TemplateError) {
      const where = error.line === undefined ? error.file : `${error.file}:${error.line}`;
      return {
        code: error.code,
        message: `${where}: ${error.helper ?? 'template'} failed; the log has the details`,
      };
    }
    if (!(error instanceof ConfdError))
      return { code: null, message: 'unexpected error; the log has the details' };
    return { code: error.code, message: this.#secrets.scrub(error.message) };
  }
}
