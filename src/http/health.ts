import type { Health } from '../../backends/backend.js';

/** The metadata service's health as `/health` serves it. */
export interface HealthReport {
  readonly ok: boolean;
  /** Why it is unhealthy; absent when ok. */
  readonly reason?: string;
  /** When this was learned (ms since the epoch); absent before any contact. */
  readonly checkedAt?: number;
}

export interface HealthMonitorOptions {
  /** Milliseconds since the epoch; injectable for tests. */
  readonly clock: () => number;
  /** A contact older than this is refreshed by a probe; 5000 ms by default. */
  readonly probeEveryMs?: number;
  /** Sees every probe's result (e.g. the `confd_backend_healthy` gauge). */
  readonly onProbe?: (health: Health) => void;
  /** Cleans a reason before it is kept (secret values out). */
  readonly scrub: (text: string) => string;
}

/**
 * The last contact with the metadata service, from polls and from probes. A request for the
 * health is answered from that state; only when no contact happened within `probeEveryMs` does
 * it probe the service, and concurrent requests then share that one probe, so the service sees
 * at most one probe per period however often `/health` is asked.
 */
export class HealthMonitor {
  readonly #options: HealthMonitorOptions;
  readonly #probeEveryMs: number;
  #probe: ((signal?: AbortSignal) => Promise<Health>) | undefined;
  #last: HealthReport | undefined;
  #inFlight: Promise<HealthReport> | undefined;

  constructor(options: HealthMonitorOptions) {
    this.#options = options;
    this.#probeEveryMs = options.probeEveryMs ?? 5000;
  }

  /** The probe to use from now on, e.g. `(signal) => backend.health(signal)`. */
  setProbe(probe: (signal?: AbortSignal) => Promise<Health>): void {
    this.#probe = probe;
  }

  /** Records a contact made by someone else (a poll). */
  recordContact(health: Health): void {
    this.#last = this.#toReport(health);
  }

  /** The last contact, if recent enough; else the result of one (shared) probe. */
  async check(): Promise<HealthReport> {
    const last = this.#last;
    const now = this.#options.clock();
    if (last?.checkedAt !== undefined && now - last.checkedAt < this.#probeEveryMs) return last;
    if (this.#probe === undefined)
      return last ?? { ok: false, reason: 'no contact with the metadata service yet' };
    this.#inFlight ??= this.#runProbe(this.#probe).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** The last known state, without probing. */
  get last(): HealthReport | undefined {
    return this.#last;
  }

  async #runProbe(probe: (signal?: AbortSignal) => Promise<Health>): Promise<HealthReport> {
    let health: Health;
    try {
      health = await probe();
    } catch (err) {
      // Backend.health never throws; a broken probe still must not break /health.
      health = { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    this.#options.onProbe?.(health);
    this.#last = this.#toReport(health);
    return this.#last;
  }

  #toReport(health: Health): HealthReport {
    const checkedAt = this.#options.clock();
    if (health.ok) return { ok: true, checkedAt };
    const reason = this.#options.scrub(health.reason ?? 'metadata service unhealthy');
    return { ok: false, reason, checkedAt };
  }
}
