import { ConfigError } from './errors.js';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration such as `30s`, `2m`, `1h`, `1m30s`, `250ms`, or a bare number of seconds.
 * Returns milliseconds. `what` names the option in the error message.
 */
export function parseDuration(input: string | number, what: string): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return input * 1000;
    throw new ConfigError(`${what}: expected a duration such as 30s, 2m or 1h, got ${input}`);
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (parts.length === 0 || consumed !== text) {
    throw new ConfigError(`${what}: expected a duration such as 30s, 2m or 1h, got "${input}"`);
  }
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (unitMs[unit ?? 's'] ?? 0),
    0,
  );
}
