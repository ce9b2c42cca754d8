import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBigJson, stringifyBigJson } from '../../../backends/gcp/big-json.js';

describe('parseBigJson', () => {
  it('keeps a 19-digit instance id exact, where JSON.parse rounds it', () => {
    const text = '{"id":5775171277418378123,"numericProjectId":708288290784}';
    assert.equal(String((JSON.parse(text) as { id: number }).id), '5775171277418378000');
    assert.deepEqual(parseBigJson(text), {
      id: 5775171277418378123n,
      numericProjectId: 708288290784,
    });
  });

  it('keeps negative and 2^53 + 1 integers exact, and safe integers as numbers', () => {
    assert.deepEqual(parseBigJson('[-9007199254740993, 9007199254740993, 9007199254740991, -1]'), [
      -9007199254740993n,
      9007199254740993n,
      9007199254740991,
      -1,
    ]);
  });

  it('leaves numbers inside strings untouched, escapes included', () => {
    const text = '{"a":"5775171277418378123","b\\"1":"x\\u0041 12345678901234567890 \\"9\\""}';
    assert.deepEqual(parseBigJson(text), {
      a: '5775171277418378123',
      'b"1': 'xA 12345678901234567890 "9"',
    });
  });

  it('reads fractions, exponents, literals, whitespace and nesting as JSON.parse does', () => {
    const text = ' { "x" : [ 1.5, -2e3, 1E+400, true, false, null, {}, [] ] , "y":{"z":"w"} } ';
    assert.deepEqual(parseBigJson(text), JSON.parse(text));
  });

  it('keeps a __proto__ member as an own member, not a prototype', () => {
    const parsed = parseBigJson('{"__proto__":{"polluted":1}}') as Record<string, unknown>;
    assert.deepEqual(Object.keys(parsed), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });

  for (const [name, text, position] of [
    ['a trailing comma', '{"a":1,}', 7],
    ['a bare word', '{"a":yes}', 5],
    ['text after the value', '{} x', 3],
    ['an unterminated string', '["abc', 1],
    ['a raw newline in a string', '"a\nb"', 0],
    ['a leading zero', '[01]', 2],
    ['an empty text', '', 0],
  ] as const) {
    it(`throws a SyntaxError with the position for ${name}`, () => {
      assert.throws(
        () => parseBigJson(text),
        (err: unknown) => {
          assert.ok(err instanceof SyntaxError);
          assert.match(err.message, new RegExp(`at position ${position}\\b`));
          return true;
        },
      );
    });
  }
});

describe('parseBigJson errors', () => {
  it('give the position and the length, never the text', () => {
    assert.throws(() => parseBigJson('{"password":"hunter2" x}'), {
      name: 'SyntaxError',
      message: 'JSON: expected "," or "}" at position 22 of 24 characters',
    });
  });
});

describe('stringifyBigJson', () => {
  it('writes big integers as their digits, and everything else as JSON.stringify does', () => {
    const value = { id: 5775171277418378123n, s: 'a"b', list: [1, null, true, { n: -0.5 }] };
    assert.equal(
      stringifyBigJson(value),
      '{"id":5775171277418378123,"s":"a\\"b","list":[1,null,true,{"n":-0.5}]}',
    );
  });

  it('round-trips the text it parses', () => {
    const text = '{"instance":{"id":18446744073709551615,"tags":["a","b"],"mtu":1460}}';
    assert.equal(stringifyBigJson(parseBigJson(text)), text);
  });
});
