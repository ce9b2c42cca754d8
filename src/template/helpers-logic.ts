import { argString, describeValue, type HelperSpec, type HelperTable } from './helpers-define.js';

/**
 * Logic for confd-style templates: `eq a b...` (a equals any of the others), `ne`, `lt`, `le`,
 * `gt`, `ge` (numbers, numeric strings compared as numbers, other strings by code unit),
 * `and`/`or` (Go's: the first empty / non-empty argument, else the last), `not`,
 * `default value fallback`, `required value [message]`. Comparisons used as blocks
 * (`{{#eq a b}}yes{{else}}no{{/eq}}`) render their branch.
 */
export const logicHelpers: HelperTable = {
  eq: defineCondition(2, Infinity, ([a, ...others]) => others.some((b) => looseEqual(a, b))),
  ne: defineCondition(2, 2, ([a, b]) => !looseEqual(a, b)),
  lt: defineCondition(2, 2, ([a, b]) => compareValues(a, b) < 0),
  le: defineCondition(2, 2, ([a, b]) => compareValues(a, b) <= 0),
  gt: defineCondition(2, 2, ([a, b]) => compareValues(a, b) > 0),
  ge: defineCondition(2, 2, ([a, b]) => compareValues(a, b) >= 0),
  and: { min: 1, max: Infinity, fn: (args) => args.find((a) => !isTruthy(a)) ?? args.at(-1) },
  or: { min: 1, max: Infinity, fn: (args) => args.find((a) => isTruthy(a)) ?? args.at(-1) },
  not: { min: 1, fn: ([a]) => !isTruthy(a) },
  default: { min: 2, fn: ([value, fallback]) => (isMissing(value) ? fallback : value) },
  required: {
    min: 1,
    max: 2,
    fn: ([value, message]) => {
      if (!isMissing(value)) return value;
      throw new Error(message === undefined ? 'value is empty' : argString(message, 'message'));
    },
  },
};

/** Go template truthiness: false, 0, '', null/undefined, an empty list or object are false. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

// A boolean test usable inline `(eq a b)` or as a block `{{#eq a b}}...{{else}}...{{/eq}}`.
function defineCondition(min: number, max: number, test: (args: unknown[]) => boolean): HelperSpec {
  return {
    min,
    max,
    fn: (args, { options, self }) => {
      const result = test(args);
      if (options.fn === undefined) return result;
      return result ? options.fn(self) : (options.inverse?.(self) ?? '');
    },
  };
}

// Missing for `default` and `required`: undefined, null, '' or an empty list (0 and false are values).
function isMissing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  );
}

// Equal values; a number and a numeric string compare as numbers ("8080" eq 8080).
function looseEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return toNumber(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return toNumber(a) === b;
  return a === b;
}

function compareValues(a: unknown, b: unknown): number {
  const na = toNumber(a);
  const nb = toNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`cannot compare ${describeValue(a)} with ${describeValue(b)}`);
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
