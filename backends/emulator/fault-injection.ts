import { ConfigError } from '../../src/errors.js';

/** Faults an emulator injects so tests can exercise slow, failing, throttled and expiring services. */
export interface EmulatorFaults {
  /** Delay before every answer, in milliseconds. */
  readonly latencyMs?: number;
  /** Fraction (0..1) of requests answered 500. */
  readonly errorRate?: number;
  /** Requests allowed per wall-clock second; those beyond it are answered 429. */
  readonly throttleRps?: number;
  /** Upper bound on the lifetime of session tokens the emulator grants, in seconds. */
  readonly tokenTtlCapSeconds?: number;
}

/** Holds the current faults and decides, request by request, which one strikes. */
export class FaultInjector {
  #faults: EmulatorFaults;
  #second = -1;
  #countInSecond = 0;
  readonly #random: () => number;
  readonly #now: () => number;

  /** `initial` may be a whole EmulatorOptions: only its fault keys are kept. */
  constructor(initial: EmulatorFaults, random = Math.random, now = Date.now) {
    this.#faults = validateFaults(initial);
    this.#random = random;
    this.#now = now;
  }

  get current(): EmulatorFaults {
    return this.#faults;
  }

  /** Replaces the faults named in `changes` (a key set to undefined removes that fault); a new throttle starts counting afresh. */
  update(changes: EmulatorFaults): void {
    this.#faults = validateFaults({ ...this.#faults, ...changes });
    if ('throttleRps' in changes) this.#countInSecond = 0;
  }

  /** Counts one arriving request; returns the status to inject (429 or 500), if any. */
  admit(): 429 | 500 | undefined {
    const second = Math.floor(this.#now() / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#countInSecond = 0;
    }
    this.#countInSecond += 1;
    const { throttleRps, errorRate } = this.#faults;
    if (throttleRps !== undefined && this.#countInSecond > throttleRps) return 429;
    if (errorRate !== undefined && errorRate > 0 && this.#random() < errorRate) return 500;
    return undefined;
  }
}

const faultNames = ['latencyMs', 'errorRate', 'throttleRps', 'tokenTtlCapSeconds'] as const;

// Rejects values no real fault could have, naming the option and the value received; keeps only
// the fault keys given (the emulator's other options may come along).
function validateFaults(faults: EmulatorFaults): EmulatorFaults {
  checkNumber('latencyMs (--latency)', faults.latencyMs, 0, false);
  checkNumber('errorRate (--error-rate)', faults.errorRate, 0, false, 1);
  checkNumber('throttleRps (--throttle-rps)', faults.throttleRps, 1, true);
  checkNumber('tokenTtlCapSeconds (--token-ttl-cap)', faults.tokenTtlCapSeconds, 1, true);
  const given = faultNames.filter((name) => name in faults);
  return Object.freeze(Object.fromEntries(given.map((name) => [name, faults[name]])));
}

function checkNumber(
  name: string,
  value: number | undefined,
  min: number,
  integer: boolean,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (value === undefined) return;
  const valid = typeof value === 'number' && value >= min && value <= max;
  if (!valid || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ConfigError(`emulator ${name} must be ${kind} from ${min} to ${max}, got ${value}`);
  }
}
