import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { DnsResolver } from '../../src/template/dns-resolver.js';
import { helperNames, helperTable } from '../../src/template/helpers.js';
import { compileTemplate, type RenderContext } from '../../src/template/render.js';

interface Case {
  readonly name: string;
  readonly template: string;
  readonly values?: Record<string, string>;
  readonly expected: string;
}

const values: Record<string, string> = {
  '/meta-data/placement/region': 'us-east-1',
  '/meta-data/instance-id': 'i-0123',
  '/meta-data/tags/instance/Name': 'web',
  '/meta-data/tags/instance/Env': 'prod',
  '/meta-data/tags/instance/Team': 'a',
  '/meta-data/network/interfaces/macs/0e:aa/local-ipv4s': '10.0.0.5',
  '/meta-data/network/interfaces/macs/0e:bb/local-ipv4s': '10.0.0.6',
  '/app/port': '8080',
  '/app/json': '{"name":"svc","ports":[80,443],"nested":{"on":true}}',
  '/app/list': '["b","a"]',
  '/app/b64': 'aGVsbG8gd29ybGQ=',
};

const resolver: DnsResolver = {
  lookupIP: (host) =>
    host === 'db.internal'
      ? Promise.resolve(['10.1.0.9', 'fd00::9', '10.1.0.10'])
      : Promise.reject(new Error(`ENOTFOUND ${host}`)),
  lookupSRV: (name) =>
    name === '_etcd._tcp.example.com'
      ? Promise.resolve([
          { target: 'b.example.com', port: 2379, priority: 0, weight: 0 },
          { target: 'a.example.com', port: 2380, priority: 0, weight: 0 },
        ])
      : Promise.reject(new Error(`ENOTFOUND ${name}`)),
};

const context: RenderContext = {
  env: { HOME_REGION: 'eu-west-1', EMPTY: '' },
  now: () => new Date(Date.UTC(2024, 4, 1, 12, 0, 0)),
  resolver,
};

const thisFile = fileURLToPath(import.meta.url);

const cases: Case[] = [
  { name: 'getv', template: '{{getv "/meta-data/instance-id"}}', expected: 'i-0123' },
  { name: 'getv default', template: '{{getv "/nope" "x"}}|{{getv "/nope" ""}}', expected: 'x|' },
  {
    name: 'get',
    template: '{{#with (get "/app/port")}}{{key}}={{value}}{{/with}}',
    expected: '/app/port=8080',
  },
  {
    name: 'gets',
    template: '{{#each (gets "/meta-data/tags/instance/*")}}{{base key}}={{value}} {{/each}}',
    expected: 'Env=prod Name=web Team=a ',
  },
  {
    name: 'getvs',
    template: '{{join (getvs "/meta-data/tags/instance/*") ","}}',
    expected: 'a,prod,web',
  },
  { name: 'exists', template: '{{exists "/app/port"}} {{exists "/app"}}', expected: 'true false' },
  {
    name: 'ls',
    template: '{{join (ls "/meta-data/") " "}}',
    expected: 'instance-id network placement tags',
  },
  {
    name: 'lsdir',
    template: '{{#each (lsdir "/meta-data/network/interfaces/macs")}}[{{this}}]{{/each}}',
    expected: '[0e:aa][0e:bb]',
  },
  {
    name: 'json',
    template: '{{#with (json (getv "/app/json"))}}{{name}} {{nested.on}}{{/with}}',
    expected: 'svc true',
  },
  {
    name: 'jsonArray',
    template: '{{#each (jsonArray (getv "/app/list"))}}{{this}}{{/each}}',
    expected: 'ba',
  },
  {
    name: 'base and dir',
    template: '{{base "/a/b/"}} {{dir "/a/b/c"}} {{base ""}} {{dir "x"}} {{base "/"}}',
    expected: 'b /a/b . . /',
  },
  { name: 'split and join', template: '{{join (split "a,b,c" ",") "-"}}', expected: 'a-b-c' },
  {
    name: 'map keeps a __proto__ key as a plain key',
    template: '{{toJson (map "__proto__" 1)}}',
    expected: '{"__proto__":1}',
  },
  {
    name: 'map',
    template: '{{#with (map "host" "db" "port" 5432)}}{{host}}:{{port}}{{/with}}',
    expected: 'db:5432',
  },
  {
    name: 'toUpper and toLower',
    template: '{{toUpper "abc"}} {{toLower "ABC"}}',
    expected: 'ABC abc',
  },
  {
    name: 'contains',
    template: '{{contains "us-east-1" "east"}} {{contains "x" "y"}}',
    expected: 'true false',
  },
  { name: 'replace all', template: '{{replace "a.b.c" "." "-" -1}}', expected: 'a-b-c' },
  {
    name: 'replace n',
    template: '{{replace "a.b.c" "." "-" 1}} {{replace "ab" "" "-" 2}}',
    expected: 'a-b.c -a-b',
  },
  {
    name: 'trimSuffix',
    template: '{{trimSuffix "host.example.com" ".example.com"}}',
    expected: 'host',
  },
  { name: 'trimPrefix', template: '{{trimPrefix "/meta-data/x" "/meta-data/"}}', expected: 'x' },
  { name: 'datetime', template: '{{datetime}}', expected: '2024-05-01T12:00:00.000Z' },
  {
    name: 'lookupIP',
    template: '{{join (lookupIP "db.internal") " "}}',
    expected: '10.1.0.10 10.1.0.9 fd00::9',
  },
  {
    name: 'lookupIPV4',
    template: '{{join (lookupIPV4 "db.internal") " "}}',
    expected: '10.1.0.10 10.1.0.9',
  },
  { name: 'lookupIPV6', template: '{{join (lookupIPV6 "db.internal") " "}}', expected: 'fd00::9' },
  {
    name: 'lookupIP failure renders empty',
    template: '[{{join (lookupIP "nope.invalid") " "}}]',
    expected: '[]',
  },
  {
    name: 'lookupSRV',
    template: '{{#each (lookupSRV "etcd" "tcp" "example.com")}}{{target}}:{{port}} {{/each}}',
    expected: 'a.example.com:2380 b.example.com:2379 ',
  },
  {
    name: 'fileExists',
    template: `{{fileExists "${thisFile}"}} {{fileExists "/no/such/file"}}`,
    expected: 'true false',
  },
  {
    name: 'base64Encode',
    template: '{{base64Encode "hello world"}}',
    expected: 'aGVsbG8gd29ybGQ=',
  },
  { name: 'base64Decode', template: '{{base64Decode (getv "/app/b64")}}', expected: 'hello world' },
  {
    name: 'parseBool',
    template: '{{parseBool "T"}} {{parseBool "0"}} {{#if (parseBool "true")}}on{{/if}}',
    expected: 'true false on',
  },
  { name: 'reverse', template: '{{join (reverse (split "a,b,c" ",")) ""}}', expected: 'cba' },
  {
    name: 'sortByLength',
    template: '{{join (sortByLength (split "ccc,a,bb" ",")) " "}}',
    expected: 'a bb ccc',
  },
  {
    name: 'sortKVByLength',
    template: '{{#each (sortKVByLength (gets "/k/*"))}}{{value}} {{/each}}',
    values: { '/k/aaa': '3', '/k/b': '1', '/k/cc': '2' },
    expected: '1 2 3 ',
  },
  {
    name: 'add sub mul',
    template: '{{add (getv "/app/port") 1}} {{sub 1 3}} {{mul 6 7}}',
    expected: '8081 -2 42',
  },
  {
    name: 'div and mod truncate like Go',
    template: '{{div 7 2}} {{div -7 2}} {{mod 7 3}} {{mod -7 3}}',
    expected: '3 -3 1 -1',
  },
  {
    name: 'seq',
    template: '{{#each (seq 3 5)}}{{this}}{{/each}}|{{#each (seq 2 1)}}x{{/each}}',
    expected: '345|',
  },
  { name: 'atoi', template: '{{add (atoi "-12") 2}}', expected: '-10' },
  {
    name: 'getenv',
    template:
      '{{getenv "HOME_REGION"}} {{getenv "UNSET" "d"}} {{getenv "EMPTY" "e"}}[{{getenv "UNSET"}}]',
    expected: 'eu-west-1 d e[]',
  },
  {
    name: 'eq ne',
    template: '{{eq (getv "/app/port") 8080}} {{eq "a" "b" "a"}} {{ne 1 2}}',
    expected: 'true true true',
  },
  {
    name: 'lt le gt ge',
    template: '{{lt 9 10}} {{lt "9" "10"}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}',
    expected: 'true true true true false',
  },
  {
    name: 'comparison as block',
    template: '{{#eq 1 2}}same{{else}}different{{/eq}}',
    expected: 'different',
  },
  {
    name: 'and or not',
    template: '{{and 1 "x"}} {{and 1 ""}}| {{or "" "y"}} {{not ""}} {{not (ls "/nope")}}',
    expected: 'x | y true true',
  },
  {
    name: 'index',
    template: '{{index (split "a,b" ",") 1}} {{index (json (getv "/app/json")) "ports" 0}}',
    expected: 'b 80',
  },
  {
    name: 'printf',
    template:
      '{{printf "%s:%d %5.1f|%-4s|%03d %x %X %q %v %t %%" "h" 80 3.14159 "ab" 7 255 "hi" "q" (split "a,b" ",") true}}',
    expected: 'h:80   3.1|ab  |007 ff 6869 "q" [a b] true %',
  },
  {
    name: 'default',
    template:
      '{{default (getv "/nope" "") "fallback"}} {{default "set" "fallback"}} {{default 0 1}}',
    expected: 'fallback set 0',
  },
  { name: 'required', template: '{{required (getv "/app/port")}}', expected: '8080' },
  {
    name: 'toJson',
    template: '{{toJson (map "a" 1 "b" (split "x" ","))}}|{{toJson "s" 2}}',
    expected: '{"a":1,"b":["x"]}|"s"',
  },
  { name: 'indent', template: '{{indent 2 "a\nb"}}', expected: '  a\n  b' },
  {
    name: 'Handlebars built-ins',
    template: '{{#unless false}}u{{/unless}}{{lookup (map "k" "v") "k"}}',
    expected: 'uv',
  },
];

async function render(template: string, data: Record<string, string>): Promise<string> {
  return compileTemplate('t.tmpl', template).render(new Map(Object.entries(data)), context);
}

describe('helpers', () => {
  for (const c of cases) {
    it(c.name, async () => {
      assert.equal(await render(c.template, c.values ?? values), c.expected);
    });
  }

  it('every helper has a case', () => {
    const used = cases.map((c) => c.template).join(' ');
    const missing = Object.keys(helperTable).filter(
      (name) => !new RegExp(`[{( ]${name}[ })]`, 'u').test(used),
    );
    assert.deepEqual(missing, []);
  });

  it('helperNames lists the helpers and the Handlebars built-ins, sorted', () => {
    assert.ok(
      helperNames.includes('getv') && helperNames.includes('each') && helperNames.includes('if'),
    );
    assert.ok(!helperNames.includes('log'));
    assert.deepEqual([...helperNames], [...helperNames].sort());
  });
});
