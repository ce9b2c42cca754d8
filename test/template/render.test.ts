import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Handlebars from 'handlebars';
import { RenderError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { createDnsResolver, type DnsResolver } from '../../src/template/dns-resolver.js';
import { compileTemplate } from '../../src/template/render.js';
import { TemplateError } from '../../src/template/template-error.js';
import { startDnsResponder } from './dns-responder.js';

const noValues = new Map<string, string>();

// A logger whose JSON lines are kept for assertions.
function captureLog(): { lines: Record<string, unknown>[]; log: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'debug',
    format: 'json',
    write: (l) => lines.push(JSON.parse(l)),
  });
  return { lines, log };
}

describe('compileTemplate', () => {
  it('reports a syntax error with the file and line, before any render', () => {
    assert.throws(
      () => compileTemplate('templates/app.tmpl', 'a\nb\n{{getv "/x"'),
      (err: Error) => {
        assert.ok(err instanceof TemplateError && err instanceof RenderError);
        assert.equal(err.file, 'templates/app.tmpl');
        assert.equal(err.line, 3);
        assert.match(err.message, /^templates\/app\.tmpl:3: syntax error near /);
        return true;
      },
    );
  });

  it('reports a mismatched block with its line', () => {
    assert.throws(
      () => compileTemplate('t.tmpl', 'x\n{{#if true}}\n{{/each}}'),
      /: t\.tmpl:2: if doesn't match each$/,
    );
  });

  it('does not escape HTML and keeps whitespace', async () => {
    const out = await compileTemplate('t', '<a href="{{getv "/u"}}">\n  x\n').render(
      new Map([['/u', 'x?a=1&b="2"']]),
    );
    assert.equal(out, '<a href="x?a=1&b="2"">\n  x\n');
  });

  it('uses an isolated Handlebars instance', async () => {
    await compileTemplate('t', '{{getv "/a" "b"}}').render(noValues);
    assert.equal(Handlebars.helpers['getv'], undefined);
  });

  it('renders the same compiled template many times, concurrently, each with its own values', async () => {
    const t = compileTemplate('t', '{{getv "/id"}}');
    const ids = Array.from({ length: 20 }, (_, i) => `i-${i}`);
    const outs = await Promise.all(ids.map((id) => t.render(new Map([['/id', id]]))));
    assert.deepEqual(outs, ids);
  });

  it('renders a null field as empty but an unknown bare name as an error', async () => {
    const t = compileTemplate(
      't',
      '{{#each (jsonArray "[{\\"a\\":null},{\\"a\\":1}]")}}[{{a}}]{{/each}}',
    );
    assert.equal(await t.render(noValues), '[][1]');
    await assert.rejects(
      compileTemplate('t', '{{#each (ls "/")}}{{nme}}{{/each}}').render(new Map([['/x', '1']])),
      /t:1: unknown helper or field "nme"/,
    );
  });

  it('leaves @index to Handlebars although a helper is named index', async () => {
    const t = compileTemplate(
      't',
      '{{#each (ls "/")}}{{@index}}={{this}} {{/each}}{{index (ls "/") 1}}',
    );
    assert.equal(
      await t.render(
        new Map([
          ['/a', '1'],
          ['/b', '2'],
        ]),
      ),
      '0=a 1=b b',
    );
  });

  it('lets a field named like a helper be read without arguments', async () => {
    const t = compileTemplate(
      't',
      '{{#with (json (getv "/j"))}}{{base}} {{dir}} {{base "/x/y"}}{{/with}}',
    );
    assert.equal(await t.render(new Map([['/j', '{"base":"b","dir":"d"}']])), 'b d y');
  });

  it('keeps the helper and line apart on the error', async () => {
    await assert.rejects(
      compileTemplate('a.tmpl', '\n\n{{getv "/meta-data/foo"}}').render(noValues),
      (err: Error) => {
        assert.ok(err instanceof TemplateError);
        assert.deepEqual([err.file, err.line, err.helper], ['a.tmpl', 3, 'getv']);
        return true;
      },
    );
  });
});

describe('DNS lookups', () => {
  it('lookupIP resolves localhost with the system resolver', async () => {
    const out = await compileTemplate('t', '{{join (lookupIPV4 "localhost") ","}}').render(
      noValues,
    );
    assert.match(out, /(^|,)127\.0\.0\.1(,|$)/);
  });

  it('does not touch DNS when the template uses no lookup helper', async () => {
    const resolver: DnsResolver = {
      lookupIP: () => assert.fail('lookupIP called'),
      lookupSRV: () => assert.fail('lookupSRV called'),
    };
    assert.equal(
      await compileTemplate('t', 'plain {{add 1 1}}').render(noValues, { resolver }),
      'plain 2',
    );
  });

  it('resolves dependent lookups in further passes', async () => {
    const calls: string[] = [];
    const resolver: DnsResolver = {
      lookupSRV: async (name) => (
        calls.push(name),
        [{ target: 'db.test', port: 5432, priority: 1, weight: 1 }]
      ),
      lookupIP: async (host) => (calls.push(host), host === 'db.test' ? ['10.0.0.7'] : []),
    };
    const source =
      '{{#each (lookupSRV "pg" "tcp" "test")}}{{#each (lookupIP target)}}{{this}}:{{../port}}{{/each}}{{/each}}';
    assert.equal(
      await compileTemplate('t', source).render(noValues, { resolver }),
      '10.0.0.7:5432',
    );
    assert.deepEqual(calls, ['_pg._tcp.test', 'db.test']);
  });

  it('gives up on lookups after a bounded number of rounds and says so', async () => {
    const resolver: DnsResolver = {
      lookupIP: async (host) => [`${host}x`],
      lookupSRV: async () => [],
    };
    const nested =
      '{{#each (lookupIP "a")}}{{#each (lookupIP this)}}{{#each (lookupIP this)}}{{#each (lookupIP this)}}{{#each (lookupIP this)}}{{this}}{{/each}}{{/each}}{{/each}}{{/each}}{{/each}}.';
    const { lines, log } = captureLog();
    assert.equal(
      await compileTemplate('deep.tmpl', nested).render(noValues, { resolver, log }),
      '.',
    );
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.['msg'], 'DNS lookups abandoned after too many rounds');
    assert.deepEqual(lines[0]?.['queries'], ['ip axxx']);
  });

  describe('against a local DNS server', () => {
    let server: Awaited<ReturnType<typeof startDnsResponder>>;
    let resolver: DnsResolver;
    before(async () => {
      server = await startDnsResponder({
        srv: {
          '_etcd-server._tcp.example.test': [
            { target: 'etcd-2.example.test', port: 2380, priority: 10, weight: 5 },
            { target: 'etcd-1.example.test', port: 2380, priority: 10, weight: 5 },
          ],
        },
        a: { 'etcd-1.example.test': ['10.0.0.11'], 'etcd-2.example.test': ['10.0.0.12'] },
      });
      resolver = createDnsResolver([server.address]);
    });
    after(() => server.close());

    it('lookupSRV returns records sorted like confd, and their addresses resolve', async () => {
      const source =
        '{{#each (lookupSRV "etcd-server" "tcp" "example.test")}}{{target}}:{{port}}={{join (lookupIP target) ","}} {{/each}}';
      const out = await compileTemplate('t', source).render(noValues, { resolver });
      assert.equal(out, 'etcd-1.example.test:2380=10.0.0.11 etcd-2.example.test:2380=10.0.0.12 ');
    });

    it('a failed lookupSRV renders an empty list and is logged', async () => {
      const { lines, log } = captureLog();
      const source = '[{{#each (lookupSRV "nope" "tcp" "example.test")}}x{{/each}}]';
      assert.equal(
        await compileTemplate('srv.tmpl', source).render(noValues, { resolver, log }),
        '[]',
      );
      assert.equal(lines.length, 1);
      assert.equal(lines[0]?.['msg'], 'DNS lookup failed; rendered empty');
      assert.equal(lines[0]?.['query'], 'srv _nope._tcp.example.test');
      assert.equal(lines[0]?.['template'], 'srv.tmpl');
    });
  });
});
