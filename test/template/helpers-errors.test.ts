import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate } from '../../src/template/render.js';

const cases: { name: string; template: string; error: RegExp }[] = [
  {
    name: 'getv missing key',
    template: 'a\nb\n{{getv "/meta-data/foo"}}',
    error: /^t\.tmpl:3: getv: key "\/meta-data\/foo" not found$/,
  },
  {
    name: 'get missing key',
    template: '{{get "/x"}}',
    error: /^t\.tmpl:1: get: key "\/x" not found$/,
  },
  {
    name: 'division by zero',
    template: '\n{{div 1 0}}',
    error: /^t\.tmpl:2: div: division by zero \(1 \/ 0\)$/,
  },
  {
    name: 'mod by zero',
    template: '{{mod 1 (sub 2 2)}}',
    error: /^t\.tmpl:1: mod: division by zero/,
  },
  {
    name: 'atoi of a non-integer',
    template: '{{atoi "12a"}}',
    error: /^t\.tmpl:1: atoi: parsing "12a": invalid syntax$/,
  },
  {
    name: 'add of a fraction',
    template: '{{add 1.5 1}}',
    error: /add: first operand must be an integer, got number 1\.5/,
  },
  {
    name: 'required empty',
    template: '\n\n{{required (getv "/nope" "") "region must be set"}}',
    error: /^t\.tmpl:3: required: region must be set$/,
  },
  {
    name: 'required default message',
    template: '{{required ""}}',
    error: /required: value is empty/,
  },
  {
    name: 'unknown helper with arguments',
    template: '\n{{getvv "/x"}}',
    error: /^t\.tmpl:2: unknown helper "getvv"$/,
  },
  {
    name: 'unknown bare name',
    template: '{{region}}',
    error: /^t\.tmpl:1: unknown helper or field "region"$/,
  },
  {
    name: 'unknown helper in a subexpression',
    template: '{{join (nope 1) ","}}',
    error: /unknown helper "nope"/,
  },
  { name: 'log is not available', template: '{{log "x"}}', error: /unknown helper "log"/ },
  {
    name: 'too few arguments',
    template: '{{getv}}',
    error: /getv: expected 1 to 2 arguments, got 0/,
  },
  {
    name: 'too many arguments',
    template: '{{toUpper "a" "b"}}',
    error: /toUpper: expected 1 argument, got 2/,
  },
  {
    name: 'bad JSON does not echo its input',
    template: '{{json "{secret"}}',
    error: /^t\.tmpl:1: json: invalid JSON \(7 characters\)[^s]*$/,
  },
  {
    name: 'jsonArray of an object',
    template: '{{jsonArray "{}"}}',
    error: /jsonArray: JSON text is not an array/,
  },
  {
    name: 'bad base64',
    template: '{{base64Decode "a*=="}}',
    error: /base64Decode: illegal base64 data/,
  },
  {
    name: 'parseBool',
    template: '{{parseBool "yes"}}',
    error: /parseBool: parsing "yes": invalid syntax/,
  },
  {
    name: 'map with an odd count',
    template: '{{map "a"}}',
    error: /map: expected key\/value pairs/,
  },
  {
    name: 'index out of range',
    template: '{{index (split "a" ",") 3}}',
    error: /index: index 3 out of range/,
  },
  {
    name: 'printf missing argument',
    template: '{{printf "%s %s" "a"}}',
    error: /printf: format "%s %s" needs more than 1 arguments/,
  },
  {
    name: 'printf extra argument',
    template: '{{printf "%s" "a" "b"}}',
    error: /printf: format "%s" uses 1 of 2 arguments/,
  },
  { name: 'compare a list', template: '{{lt (ls "/") 1}}', error: /lt: cannot compare/ },
  {
    name: 'bad gets pattern',
    template: '{{gets "/a/["}}',
    error: /gets: syntax error in pattern "\/a\/\["/,
  },
  {
    name: 'seq too long',
    template: '{{seq 1 1000000000}}',
    error: /seq: seq 1 1000000000 would have/,
  },
];

const values = new Map([['/app/port', '8080']]);

describe('helper errors', () => {
  for (const c of cases) {
    it(`error: ${c.name}`, async () => {
      await assert.rejects(compileTemplate('t.tmpl', c.template).render(values), (err: Error) => {
        assert.equal(err.name, 'TemplateError');
        assert.equal((err as Error & { code: string }).code, 'CONFD_RENDER');
        assert.match(err.message, c.error);
        return true;
      });
    });
  }
});
