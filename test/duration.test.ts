import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration } from '../src/duration.js';

describe('parseDuration', () => {
  const cases: { input: string | number; ms: number }[] = [
    { input: '30s', ms: 30_000 },
    { input: '2m', ms: 120_000 },
    { input: '1h', ms: 3_600_000 },
    { input: '1m30s', ms: 90_000 },
    { input: '250ms', ms: 250 },
    { input: '600', ms: 600_000 },
    { input: 45, ms: 45_000 },
    { input: '0.5s', ms: 500 },
  ];
  for (const { input, ms } of cases) {
    it(`reads ${JSON.stringify(input)} as ${ms} ms`, () =>
      assert.equal(parseDuration(input, 'x'), ms));
  }
  for (const input of ['', '5 minutes', '10d', 's', '-1s', -3]) {
    it(`rejects ${JSON.stringify(input)} naming the option`, () =>
      assert.throws(
        () => parseDuration(input, 'imds-cache-ttl'),
        /^ConfigError: imds-cache-ttl: expected a duration/,
      ));
  }
});
