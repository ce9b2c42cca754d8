import { renderStateKey, type RenderState } from './render-state.js';

/** Where a mustache sits in its template, as Handlebars passes it in `options.loc` (1-based lines). */
export interface SourceLocation {
  readonly start: { readonly line: number; readonly column: number };
}

/** The trailing `options` argument Handlebars gives every helper (the parts we use). */
export interface HelperOptions {
  readonly name: string;
  readonly loc?: SourceLocation;
  readonly fn?: (context: unknown) => string;
  readonly inverse?: (context: unknown) => string;
  readonly data?: Record<string, unknown>;
}

/** One invocation of a helper: its options, `this`, and the current render's state. */
export interface HelperCall {
  readonly options: HelperOptions;
  readonly self: unknown;
  readonly state: RenderState;
}

/** A helper: its arity (real arguments, `options` excluded) and its implementation. */
export interface HelperSpec {
  readonly min: number;
  /** Omitted: exactly `min`. `Infinity`: variadic. */
  readonly max?: number;
  readonly fn: (args: unknown[], call: HelperCall) => unknown;
}

export type HelperTable = Readonly<Record<string, HelperSpec>>;

/** A helper failed; render.ts turns it into a TemplateError naming the file and `loc`'s line. */
export class HelperFailure extends Error {
  /** The failing helper; undefined when the problem is the name itself (unknown helper). */
  readonly helper: string | undefined;
  readonly loc: SourceLocation | undefined;
  constructor(
    helper: string | undefined,
    message: string,
    loc: SourceLocation | undefined,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.helper = helper;
    this.loc = loc;
  }
}

/**
 * Adapts a HelperSpec to Handlebars' calling convention: splits `options` off the arguments,
 * checks the arity, and turns anything thrown into a HelperFailure carrying the location.
 */
export function toHandlebarsHelper(name: string, spec: HelperSpec) {
  return function (this: unknown, ...raw: unknown[]): unknown {
    const options = raw.pop() as HelperOptions;
    if (raw.length === 0 && spec.min > 0) {
      const shadowed = readShadowed(name, this, options);
      if (shadowed.found) return shadowed.value;
    }
    const max = spec.max ?? spec.min;
    if (raw.length < spec.min || raw.length > max) {
      throw new HelperFailure(name, describeArity(spec.min, max, raw.length), options.loc);
    }
    try {
      const call: HelperCall = {
        options,
        self: this,
        get state() {
          return readState(options);
        },
      };
      return spec.fn(raw, call);
    } catch (err) {
      if (err instanceof HelperFailure) throw err;
      const message = err instanceof Error ? err.message : String(err);
      throw new HelperFailure(name, message, options.loc, err);
    }
  };
}

/** A string argument: strings as they are, numbers and booleans in their usual text form. */
export function argString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${what} must be a string, got ${describeValue(value)}`);
}

/** An integer argument: an integer number or a string that Go's strconv.Atoi accepts. */
export function argInt(value: unknown, what: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string') return parseGoInt(value);
  throw new Error(`${what} must be an integer, got ${describeValue(value)}`);
}

/** A list argument (an array); anything else is an error naming `what`. */
export function argList(value: unknown, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  throw new Error(`${what} must be a list, got ${describeValue(value)}`);
}

/** Go's strconv.Atoi: optional sign, decimal digits only; errors read like Go's. */
export function parseGoInt(text: string): number {
  if (!/^[+-]?\d+$/u.test(text)) {
    throw new Error(`parsing ${JSON.stringify(text)}: invalid syntax`);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new Error(`parsing ${JSON.stringify(text)}: value out of range`);
  }
  return value;
}

/** A short, safe description of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

// Handlebars prefers a helper to a field or @data variable of the same name, so `{{@index}}`
// calls `index` and `{{base}}` inside `{{#with (json ..)}}` calls `base`, both without arguments.
// A helper that needs arguments gives way to the variable, then to the field.
function readShadowed(
  name: string,
  self: unknown,
  options: HelperOptions,
): { found: boolean; value?: unknown } {
  if (options.data !== undefined && Object.hasOwn(options.data, name)) {
    return { found: true, value: options.data[name] };
  }
  if (self !== null && typeof self === 'object' && Object.hasOwn(self, name)) {
    return { found: true, value: (self as Record<string, unknown>)[name] };
  }
  return { found: false };
}

// The RenderState travels in `@data`; helpers called outside render() have none.
function readState(options: HelperOptions): RenderState {
  const state = options.data?.[renderStateKey];
  if (state === undefined) throw new Error('called outside of a confd-ts render');
  return state as RenderState;
}

function describeArity(min: number, max: number, got: number): string {
  const expected =
    min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
  const noun = min === max && min === 1 ? 'argument' : 'arguments';
  return `expected ${expected} ${noun}, got ${got}`;
}
