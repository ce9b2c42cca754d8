import type { ResourceOutcome } from '../poll/process-resource.js';
import type { CommandResult } from '../template/commands.js';

/** What is known of one resource; times in ms since the epoch. */
export interface ResourceState {
  readonly dest: string;
  readonly outcome?: ResourceOutcome;
  readonly processedAt?: number;
  readonly changedAt?: number;
  readonly lastError?: {
    readonly code: string | null;
    readonly message: string;
    readonly at: number;
  };
}

/** The last configuration reload (SIGHUP or a change under the confdir). */
export interface ReloadState {
  readonly at: number;
  /** Set when the new configuration was refused and the previous one kept running. */
  readonly error?: { readonly code: string | null; readonly message: string; readonly at: number };
}

/** How a command ended, without its output (which may hold secrets). */
export interface CommandStatus {
  readonly ok: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
}

/** One resource in `/ready/detailed`; times are ISO 8601, null when it never happened. */
export interface ResourceStatus {
  readonly dest: string;
  /** unchanged, changed, would-change, failed; null before the first pass. */
  readonly lastResult: string | null;
  readonly lastProcessed: string | null;
  readonly lastChange: string | null;
  /** The last failure, even if later passes succeeded (compare its time with lastProcessed). */
  readonly lastError: {
    readonly code: string | null;
    readonly message: string;
    readonly time: string;
  } | null;
  readonly durationMs: number | null;
  readonly check: CommandStatus | null;
  readonly reload: CommandStatus | null;
}

/** The `/ready/detailed` document: states, times and counts, never a metadata value. */
export interface DetailedStatus {
  readonly ready: boolean;
  readonly reason?: string;
  readonly provider: string | null;
  readonly endpoint: string | null;
  readonly health: {
    readonly ok: boolean;
    readonly reason: string | null;
    readonly checkedAt: string | null;
  } | null;
  readonly lastPoll: {
    readonly time: string | null;
    readonly durationMs: number;
    readonly successful: boolean;
  } | null;
  readonly cache: {
    readonly entries: number;
    readonly hits: number;
    readonly misses: number;
    readonly ttlSeconds: number;
  } | null;
  /** The last reload: null before any; `error` when it was refused (the last good one runs). */
  readonly configuration: {
    readonly lastReload: string | null;
    readonly ok: boolean;
    readonly error: { readonly code: string | null; readonly message: string } | null;
  };
  readonly resources: readonly ResourceStatus[];
}

/** The configuration section of `/ready/detailed`. */
export function describeReload(reload: ReloadState | undefined): DetailedStatus['configuration'] {
  return {
    lastReload: toIso(reload?.at),
    ok: reload?.error === undefined,
    error: reload?.error ? { code: reload.error.code, message: reload.error.message } : null,
  };
}

/** One resource's state as `/ready/detailed` shows it. */
export function describeResource(state: ResourceState): ResourceStatus {
  const { outcome } = state;
  return {
    dest: state.dest,
    lastResult: outcome?.status ?? null,
    lastProcessed: toIso(state.processedAt),
    lastChange: toIso(state.changedAt),
    lastError: state.lastError
      ? {
          code: state.lastError.code,
          message: state.lastError.message,
          time: new Date(state.lastError.at).toISOString(),
        }
      : null,
    durationMs: outcome ? Math.round(outcome.durationMs) : null,
    check: describeCommand(outcome?.check),
    reload: describeCommand(outcome?.reload),
  };
}

/** An ISO 8601 time, or null. */
export function toIso(ms: number | undefined): string | null {
  return ms === undefined ? null : new Date(ms).toISOString();
}

function describeCommand(result: CommandResult | undefined): CommandStatus | null {
  if (result === undefined) return null;
  const { ok, exitCode, signal, timedOut } = result;
  return { ok, exitCode, signal, timedOut, durationMs: Math.round(result.durationMs) };
}
