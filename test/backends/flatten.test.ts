import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { flattenJson } from '../../backends/flatten.js';

describe('flattenJson', () => {
  const cases: { name: string; value: unknown; prefix: string; expected: [string, string][] }[] = [
    {
      name: 'objects by name, nested',
      value: { compute: { vmId: 'id-1', osProfile: { computerName: 'vm' } } },
      prefix: '/instance',
      expected: [
        ['/instance/compute/vmId', 'id-1'],
        ['/instance/compute/osProfile/computerName', 'vm'],
      ],
    },
    {
      name: 'arrays by index, arrays in arrays',
      value: {
        interface: [
          { ipAddress: [{ privateIpAddress: '10.0.0.4' }, { privateIpAddress: '10.0.0.5' }] },
        ],
        m: [[1, 2]],
      },
      prefix: '/instance/network',
      expected: [
        ['/instance/network/interface/0/ipAddress/0/privateIpAddress', '10.0.0.4'],
        ['/instance/network/interface/0/ipAddress/1/privateIpAddress', '10.0.0.5'],
        ['/instance/network/m/0/0', '1'],
        ['/instance/network/m/0/1', '2'],
      ],
    },
    {
      name: 'primitives as strings, null as the empty string, big integers given as strings kept exact',
      value: { n: 42, f: 1.5, t: true, f2: false, s: '', z: null, id: '5775171277418378123' },
      prefix: '',
      expected: [
        ['/n', '42'],
        ['/f', '1.5'],
        ['/t', 'true'],
        ['/f2', 'false'],
        ['/s', ''],
        ['/z', ''],
        ['/id', '5775171277418378123'],
      ],
    },
    {
      name: 'empty objects and arrays add no key',
      value: { ipv6: { ipAddress: [] }, tags: {}, x: 'y' },
      prefix: '/a',
      expected: [['/a/x', 'y']],
    },
    {
      name: 'a root primitive sits at the prefix',
      value: 'text',
      prefix: '/leaf',
      expected: [['/leaf', 'text']],
    },
    {
      name: 'a root primitive without a prefix sits at /',
      value: 7,
      prefix: '',
      expected: [['/', '7']],
    },
  ];
  for (const { name, value, prefix, expected } of cases) {
    it(name, () => assert.deepEqual([...flattenJson(value, prefix)], expected));
  }

  it('keeps the document order of members', () => {
    const keys = [...flattenJson({ b: 1, a: { d: 2, c: 3 } }, '').keys()];
    assert.deepEqual(keys, ['/b', '/a/d', '/a/c']);
  });
});
