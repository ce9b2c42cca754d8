/**
 * A JSON value whose integers beyond 2^53 are kept exact as `bigint` (GCE instance ids and
 * numeric project ids are 19-digit integers: `JSON.parse` turns 5775171277418378123 into
 * 5775171277418378000). Objects may hold any member name, `__proto__` included, as own data.
 */
export type BigJson = string | number | bigint | boolean | null | BigJson[] | BigJsonObject;
export interface BigJsonObject {
  [name: string]: BigJson;
}

// A small parser rather than a library (no new dependencies) or a regex pre-pass quoting long
// numbers (it would have to re-implement string scanning anyway, and could not tell a quoted
// number from a number it quoted). Strings are decoded by JSON.parse, so escapes follow the spec.
const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// A quoted run up to the closing quote; JSON.parse then checks its escapes and control characters.
const stringPattern = /"(?:[^"\\]|\\[^])*"/y;
const whitespacePattern = /[ \t\n\r]*/y;

/** Parses JSON text; integers that a double cannot hold exactly become `bigint`. Throws SyntaxError. */
export function parseBigJson(text: string): BigJson {
  const reader = { text, at: 0 };
  const value = readValue(reader);
  skipWhitespace(reader);
  if (reader.at !== text.length) throw syntaxError(reader, 'unexpected text after the value');
  return value;
}

/** Writes JSON text without whitespace, `bigint` as its exact digits. */
export function stringifyBigJson(value: BigJson): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return `[${value.map(stringifyBigJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(
      ([name, child]) => `${JSON.stringify(name)}:${stringifyBigJson(child)}`,
    );
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Reader {
  readonly text: string;
  at: number;
}

function readValue(reader: Reader): BigJson {
  skipWhitespace(reader);
  const char = reader.text[reader.at];
  if (char === '{') return readObject(reader);
  if (char === '[') return readArray(reader);
  if (char === '"') return readString(reader);
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (reader.text.startsWith(word, reader.at)) {
      reader.at += word.length;
      return value;
    }
  }
  return readNumber(reader);
}

// `{ "name": value, ... }`, members defined as own data properties (safe for `__proto__`).
function readObject(reader: Reader): BigJsonObject {
  const object: BigJsonObject = {};
  reader.at += 1;
  if (consume(reader, '}')) return object;
  do {
    skipWhitespace(reader);
    if (reader.text[reader.at] !== '"') throw syntaxError(reader, 'expected a member name');
    const name = readString(reader);
    if (!consume(reader, ':')) throw syntaxError(reader, 'expected ":"');
    const value = readValue(reader);
    Object.defineProperty(object, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } while (consume(reader, ','));
  if (!consume(reader, '}')) throw syntaxError(reader, 'expected "," or "}"');
  return object;
}

function readArray(reader: Reader): BigJson[] {
  const array: BigJson[] = [];
  reader.at += 1;
  if (consume(reader, ']')) return array;
  do array.push(readValue(reader));
  while (consume(reader, ','));
  if (!consume(reader, ']')) throw syntaxError(reader, 'expected "," or "]"');
  return array;
}

function readString(reader: Reader): string {
  const start = reader.at;
  const literal = match(reader, stringPattern, 'a string');
  try {
    return JSON.parse(literal) as string;
  } catch {
    reader.at = start;
    throw syntaxError(reader, 'invalid string');
  }
}

// An integer outside the safe range becomes a bigint; any other number stays a double.
function readNumber(reader: Reader): number | bigint {
  const literal = match(reader, numberPattern, 'a value');
  const number = Number(literal);
  const isInteger = /^-?\d+$/.test(literal);
  return isInteger && !Number.isSafeInteger(number) ? BigInt(literal) : number;
}

function match(reader: Reader, pattern: RegExp, what: string): string {
  pattern.lastIndex = reader.at;
  const found = pattern.exec(reader.text);
  if (found === null) throw syntaxError(reader, `expected ${what}`);
  reader.at += found[0].length;
  return found[0];
}

function consume(reader: Reader, char: string): boolean {
  skipWhitespace(reader);
  if (reader.text[reader.at] !== char) return false;
  reader.at += 1;
  return true;
}

function skipWhitespace(reader: Reader): void {
  whitespacePattern.lastIndex = reader.at;
  whitespacePattern.exec(reader.text);
  reader.at = whitespacePattern.lastIndex;
}

// Position and length only: the text is metadata, and error messages end up in logs.
function syntaxError(reader: Reader, message: string): SyntaxError {
  return new SyntaxError(
    `JSON: ${message} at position ${reader.at} of ${reader.text.length} characters`,
  );
}
