import { argInt, argString, parseGoInt, type HelperTable } from './helpers-define.js';

/** Largest list `seq` builds: a typo in a bound must not exhaust memory. */
const maxSeqLength = 100_000;

/**
 * Integer helpers like confd's Go `int` functions: `add`, `sub`, `mul`, `div` (truncates toward
 * zero), `mod` (sign of the dividend), `seq first last` (inclusive), `atoi`. Arguments may be
 * integers or integer strings (so `add (getv "/x") 1` works); fractions, division by zero and
 * results beyond 2^53 are errors.
 */
export const mathHelpers: HelperTable = {
  add: { min: 2, fn: (args) => applyInt(args, (a, b) => a + b) },
  sub: { min: 2, fn: (args) => applyInt(args, (a, b) => a - b) },
  mul: { min: 2, fn: (args) => applyInt(args, (a, b) => a * b) },
  div: { min: 2, fn: (args) => applyInt(args, (a, b) => Math.trunc(a / checkDivisor(a, b, '/'))) },
  mod: { min: 2, fn: (args) => applyInt(args, (a, b) => a % checkDivisor(a, b, '%')) },
  seq: { min: 2, fn: ([first, last]) => buildSeq(argInt(first, 'first'), argInt(last, 'last')) },
  atoi: { min: 1, fn: ([s]) => parseGoInt(argString(s, 'string')) },
};

function applyInt(args: unknown[], op: (a: number, b: number) => number): number {
  const a = argInt(args[0], 'first operand');
  const b = argInt(args[1], 'second operand');
  const result = op(a, b) || 0;
  if (!Number.isSafeInteger(result)) throw new Error(`result out of range (${a}, ${b})`);
  return result;
}

function checkDivisor(a: number, b: number, op: string): number {
  if (b === 0) throw new Error(`division by zero (${a} ${op} 0)`);
  return b;
}

function buildSeq(first: number, last: number): number[] {
  const length = last - first + 1;
  if (length <= 0) return [];
  if (length > maxSeqLength) {
    throw new Error(
      `seq ${first} ${last} would have ${length} elements, more than ${maxSeqLength}`,
    );
  }
  return Array.from({ length }, (_, i) => first + i);
}
