import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatImdsJson } from '../../../backends/aws/emulator-json.js';

describe('formatImdsJson', () => {
  const cases = [
    {
      name: 'flat document',
      value: { Code: 'Success', Count: 2 },
      expected: '{\n  "Code" : "Success",\n  "Count" : 2\n}',
    },
    { name: 'nested', value: { a: { b: null } }, expected: '{\n  "a" : {\n    "b" : null\n  }\n}' },
    {
      name: 'arrays on one line',
      value: { codes: ['x', 'y'] },
      expected: '{\n  "codes" : [ "x", "y" ]\n}',
    },
    {
      name: 'empty containers',
      value: { a: [], b: {} },
      expected: '{\n  "a" : [ ],\n  "b" : { }\n}',
    },
    {
      name: 'escaped strings',
      value: { 'k"': 'line\nbreak' },
      expected: '{\n  "k\\"" : "line\\nbreak"\n}',
    },
  ];
  for (const { name, value, expected } of cases) {
    it(`formats a ${name}`, () => {
      assert.equal(formatImdsJson(value), expected);
      assert.deepEqual(JSON.parse(formatImdsJson(value)), value);
    });
  }
});
