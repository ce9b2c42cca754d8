import { argInt, describeValue, type HelperTable } from './helpers-define.js';

/**
 * `printf format args...` with Go's common verbs: `%s %v %d %f %x %X %q %t %%`, flags `-`
 * (left-justify), `+` (sign), `0` (zero-pad numbers), a width and a `.precision` (digits for
 * `%f`, maximum length for `%s`/`%v`). A missing or extra argument or an unknown verb is an error
 * (Go prints `%!d(MISSING)` into the output instead).
 */
export const printfHelpers: HelperTable = {
  printf: {
    min: 1,
    max: Infinity,
    fn: ([format, ...args]) => {
      if (typeof format !== 'string')
        throw new Error(`format must be a string, got ${describeValue(format)}`);
      return formatGo(format, args);
    },
  },
};

interface Spec {
  readonly flags: string;
  readonly width: number | undefined;
  readonly precision: number | undefined;
  readonly verb: string;
}

const directive = /%([-+0]*)(\d+)?(?:\.(\d+))?(.)?/gu;

function formatGo(format: string, args: readonly unknown[]): string {
  let next = 0;
  const out = format.replace(
    directive,
    (whole, flags: string, width?: string, precision?: string, verb?: string) => {
      if (verb === undefined)
        throw new Error(`format ${JSON.stringify(format)} ends with an incomplete verb`);
      if (verb === '%' && whole === '%%') return '%';
      if (next >= args.length)
        throw new Error(
          `format ${JSON.stringify(format)} needs more than ${args.length} arguments`,
        );
      const spec: Spec = {
        flags,
        width: width === undefined ? undefined : Number(width),
        precision: precision === undefined ? undefined : Number(precision),
        verb,
      };
      return pad(formatOne(spec, args[next++]), spec);
    },
  );
  if (next < args.length) {
    throw new Error(`format ${JSON.stringify(format)} uses ${next} of ${args.length} arguments`);
  }
  return out;
}

// One verb applied to one argument, before width padding.
function formatOne(spec: Spec, value: unknown): string {
  switch (spec.verb) {
    case 's':
    case 'v':
      return truncate(formatValue(value), spec.precision);
    case 'q':
      return JSON.stringify(formatValue(value));
    case 't':
      if (typeof value !== 'boolean')
        throw new Error(`%t needs a boolean, got ${describeValue(value)}`);
      return String(value);
    case 'd':
      return formatSigned(argInt(value, '%d argument'), spec, String);
    case 'f':
      return formatSigned(toFloat(value), spec, (n) => n.toFixed(spec.precision ?? 6));
    case 'x':
    case 'X': {
      const hex = toHex(value);
      return spec.verb === 'X' ? hex.toUpperCase() : hex;
    }
    default:
      throw new Error(`unknown verb %${spec.verb}`);
  }
}

/** Go's %v for template values: lists as `[a b c]`, objects as JSON, the rest as text. */
function formatValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function formatSigned(n: number, spec: Spec, render: (n: number) => string): string {
  const text = render(Math.abs(n));
  const sign = n < 0 || Object.is(n, -0) ? '-' : spec.flags.includes('+') ? '+' : '';
  if (!spec.flags.includes('0') || spec.flags.includes('-') || spec.width === undefined)
    return sign + text;
  return sign + text.padStart(spec.width - sign.length, '0');
}

function toFloat(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new Error(`%f needs a number, got ${describeValue(value)}`);
}

function toHex(value: unknown): string {
  if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('hex');
  const n = argInt(value, '%x argument');
  return (n < 0 ? '-' : '') + Math.abs(n).toString(16);
}

function truncate(text: string, precision: number | undefined): string {
  return precision === undefined ? text : Array.from(text).slice(0, precision).join('');
}

function pad(text: string, spec: Spec): string {
  if (spec.width === undefined) return text;
  return spec.flags.includes('-') ? text.padEnd(spec.width) : text.padStart(spec.width);
}
