import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultInjector } from '../../../backends/emulator/fault-injection.js';
import type { EmulatorOptions } from '../../../backends/emulator/emulator-options.js';

describe('FaultInjector', () => {
  it('admits throttleRps requests per wall-clock second, then answers 429 until the next second', () => {
    let now = 5_000;
    const faults = new FaultInjector(
      { throttleRps: 2 },
      () => 1,
      () => now,
    );
    assert.deepEqual([faults.admit(), faults.admit(), faults.admit()], [undefined, undefined, 429]);
    now = 5_999;
    assert.equal(faults.admit(), 429);
    now = 6_000;
    assert.deepEqual([faults.admit(), faults.admit(), faults.admit()], [undefined, undefined, 429]);
  });

  it('answers 500 when the random draw falls under errorRate', () => {
    const draws = [0.1, 0.5, 0.29];
    const faults = new FaultInjector({ errorRate: 0.3 }, () => draws.shift() ?? 1);
    assert.deepEqual([faults.admit(), faults.admit(), faults.admit()], [500, undefined, 500]);
  });

  it('injects nothing by default', () => {
    const faults = new FaultInjector({}, () => 0);
    assert.equal(faults.admit(), undefined);
  });

  it('keeps only the fault keys of a whole EmulatorOptions', () => {
    const options: EmulatorOptions = { provider: 'aws', imdsv1: true, latencyMs: 5 };
    assert.deepEqual(new FaultInjector(options).current, { latencyMs: 5 });
  });

  it('updates only the faults named, removes one given as undefined, and restarts the throttle count', () => {
    const now = 1_000;
    const faults = new FaultInjector(
      { latencyMs: 10, throttleRps: 1 },
      () => 1,
      () => now,
    );
    assert.equal(faults.admit(), undefined);
    assert.equal(faults.admit(), 429);
    faults.update({ errorRate: 0.5, throttleRps: 1 });
    assert.equal(faults.admit(), undefined);
    faults.update({ latencyMs: undefined });
    assert.deepEqual(faults.current, { errorRate: 0.5, throttleRps: 1, latencyMs: undefined });
  });

  const invalid = [
    {
      faults: { errorRate: 1.5 },
      message: /errorRate \(--error-rate\) must be a number from 0 to 1, got 1\.5/,
    },
    { faults: { latencyMs: -1 }, message: /latencyMs \(--latency\) must be a number from 0/ },
    {
      faults: { throttleRps: 0 },
      message: /throttleRps \(--throttle-rps\) must be an integer from 1/,
    },
    { faults: { throttleRps: 2.5 }, message: /throttleRps .* got 2\.5/ },
    {
      faults: { tokenTtlCapSeconds: Number.NaN },
      message: /tokenTtlCapSeconds \(--token-ttl-cap\).*got NaN/,
    },
  ];
  for (const { faults, message } of invalid) {
    it(`rejects ${JSON.stringify(faults)} with a ConfigError`, () => {
      assert.throws(() => new FaultInjector(faults), { code: 'CONFD_CONFIG', message });
    });
  }
});
