import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintTemplate } from '../../src/check/lint-template.js';

const keys = ['/meta-data/instance-id', '/meta-data/placement', '/meta-data/tags/instance'];

interface LintCase {
  readonly name: string;
  readonly template: string;
  readonly expected: readonly string[];
  readonly keys?: readonly string[];
}

const cases: readonly LintCase[] = [
  {
    name: 'known helpers and keys inside the prefixes',
    template: [
      '{{getv "/meta-data/instance-id"}}',
      '{{getv "/meta-data/placement/region" "none"}}',
      '{{#each (gets "/meta-data/tags/instance/*")}}{{key}}={{value}} {{@index}}{{/each}}',
      '{{#each (ls "/meta-data")}}{{this}}{{/each}}',
      '{{#if (exists "/meta-data/placement/group-name")}}x{{else}}{{toUpper "y"}}{{/if}}',
      '{{#with (get "/meta-data/instance-id")}}{{value}}{{/with}}',
      '{{join (getvs "/meta-data/tags/*") ","}}',
    ].join('\n'),
    expected: [],
  },
  {
    name: 'an unknown helper with arguments, in a sub-expression and in a block',
    template:
      'a\n{{frobnicate "x"}}\n{{join (splitz "a,b" ",") "-"}}\n{{#loop 3}}x{{/loop}}\n{{pad width=2}}',
    expected: [
      '2: unknown helper "frobnicate"',
      '3: unknown helper "splitz"',
      '4: unknown helper "loop"',
      '5: unknown helper "pad"',
    ],
  },
  {
    name: 'a bare unknown name at the root, where the context is always empty',
    template:
      '{{hostname}}\n{{#if true}}{{region}}{{/if}}\n{{#each (gets "/meta-data/*")}}{{key}}{{/each}}',
    expected: ['1: unknown helper or field "hostname"', '2: unknown helper or field "region"'],
  },
  {
    name: 'this, parent and data paths are not helper names',
    template: '{{#each (ls "/meta-data")}}{{this}}{{../x}}{{@key}}{{this.key}}{{/each}}',
    expected: [],
  },
  {
    name: 'keys, patterns and directories outside the resource keys',
    template: [
      '{{getv "/meta-data/hostname"}}',
      '{{getv "meta-data/instance-id"}}',
      '{{#each (gets "/user-data/*")}}{{/each}}',
      '{{ls "/dynamic"}}',
      '{{exists "/meta-data/placementx"}}',
    ].join('\n'),
    expected: [
      '1: getv: key "/meta-data/hostname" is outside the keys of conf.d/app.toml (/meta-data/instance-id, /meta-data/placement, /meta-data/tags/instance)',
      '2: getv: key "meta-data/instance-id" is outside the keys of conf.d/app.toml (/meta-data/instance-id, /meta-data/placement, /meta-data/tags/instance)',
      '3: gets: pattern "/user-data/*" is outside the keys of conf.d/app.toml (/meta-data/instance-id, /meta-data/placement, /meta-data/tags/instance)',
      '4: ls: directory "/dynamic" is outside the keys of conf.d/app.toml (/meta-data/instance-id, /meta-data/placement, /meta-data/tags/instance)',
      '5: exists: key "/meta-data/placementx" is outside the keys of conf.d/app.toml (/meta-data/instance-id, /meta-data/placement, /meta-data/tags/instance)',
    ],
  },
  {
    name: 'patterns and directories above a key may reach it',
    template:
      '{{gets "/meta-data/*/instance-id"}}{{gets "/*"}}{{lsdir "/"}}{{ls "/meta-data/tags/"}}',
    expected: [],
  },
  {
    name: 'keys built at render time are not statically visible',
    template:
      '{{getv (printf "/x/%s" "y")}}{{#each (ls "/meta-data")}}{{getv (join "/z" this)}}{{/each}}',
    expected: [],
  },
  {
    name: 'a resource with the root key sees everything',
    template: '{{getv "/anything/at/all"}}{{gets "/other/*"}}',
    keys: ['/'],
    expected: [],
  },
];

describe('lintTemplate', () => {
  for (const { name, template, expected, keys: visible } of cases) {
    it(name, () => {
      const found = lintTemplate(template, visible ?? keys, 'conf.d/app.toml').map(
        (problem) => `${problem.line}: ${problem.message}`,
      );
      assert.deepEqual(found, expected);
    });
  }
});
