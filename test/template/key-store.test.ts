import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyStore } from '../../src/template/key-store.js';
import { compilePathPattern } from '../../src/template/path-match.js';

const store = new KeyStore(
  new Map([
    ['/meta-data/placement/region', 'us-east-1'],
    ['/meta-data/placement/availability-zone', 'us-east-1a'],
    ['/meta-data/instance-id', 'i-0123'],
    ['/meta-data/network/interfaces/macs/0e:aa/local-ipv4s', '10.0.0.5'],
    ['/meta-data/network/interfaces/macs/0e:aa/device-number', '0'],
    ['/meta-data/network/interfaces/macs/0e:bb/device-number', '1'],
    ['/meta-data/tags/instance/Name', 'web'],
    ['/meta-data/tags/instance/Env', 'prod'],
    ['/user-data', '#!/bin/sh'],
  ]),
);

describe('KeyStore', () => {
  it('get returns the pair and names a missing key', () => {
    assert.deepEqual(store.get('/meta-data/instance-id'), {
      key: '/meta-data/instance-id',
      value: 'i-0123',
    });
    assert.throws(() => store.get('/meta-data/nope'), /key "\/meta-data\/nope" not found/);
  });

  it('getv uses the default only when the key is missing, an empty default included', () => {
    assert.equal(store.getv('/meta-data/instance-id', 'x'), 'i-0123');
    assert.equal(store.getv('/nope', 'x'), 'x');
    assert.equal(store.getv('/nope', ''), '');
    assert.throws(() => store.getv('/nope'), /key "\/nope" not found/);
  });

  it('lookups are exact: a directory or a trailing slash is not a key', () => {
    assert.equal(store.exists('/meta-data/placement'), false);
    assert.equal(store.exists('/meta-data/instance-id/'), false);
    assert.equal(store.exists('/meta-data/instance-id'), true);
  });

  it('gets matches path.Match patterns, * not crossing /, sorted by key', () => {
    assert.deepEqual(
      store.gets('/meta-data/placement/*').map((p) => p.key),
      ['/meta-data/placement/availability-zone', '/meta-data/placement/region'],
    );
    assert.deepEqual(store.gets('/meta-data/*'), [
      { key: '/meta-data/instance-id', value: 'i-0123' },
    ]);
    assert.deepEqual(
      store.gets('/meta-data/network/interfaces/macs/*/device-number').map((p) => p.value),
      ['0', '1'],
    );
    assert.deepEqual(store.gets('/nothing/*'), []);
  });

  it('getvs returns the values sorted by value', () => {
    assert.deepEqual(store.getvs('/meta-data/tags/instance/*'), ['prod', 'web']);
  });

  it('ls lists direct children (leaves and directories), sorted and unique', () => {
    assert.deepEqual(store.list('/meta-data'), ['instance-id', 'network', 'placement', 'tags']);
    assert.deepEqual(store.list('/meta-data/'), store.list('/meta-data'));
    assert.deepEqual(store.list('meta-data'), store.list('/meta-data'));
    assert.deepEqual(store.list('/'), ['meta-data', 'user-data']);
    assert.deepEqual(store.list('/meta-data/instance-id'), []);
    assert.deepEqual(store.list('/meta'), []);
  });

  it('lsdir lists only children that have children', () => {
    assert.deepEqual(store.listDir('/meta-data'), ['network', 'placement', 'tags']);
    assert.deepEqual(store.listDir('/meta-data/network/interfaces/macs/'), ['0e:aa', '0e:bb']);
    assert.deepEqual(store.listDir('/meta-data/placement'), []);
    assert.deepEqual(store.listDir('/'), ['meta-data']);
  });
});

describe('compilePathPattern', () => {
  const cases: { pattern: string; key: string; match: boolean }[] = [
    { pattern: '/a/*', key: '/a/b', match: true },
    { pattern: '/a/*', key: '/a/b/c', match: false },
    { pattern: '/a/*/c', key: '/a/b/c', match: true },
    { pattern: '/a/?', key: '/a/b', match: true },
    { pattern: '/a/?', key: '/a/bc', match: false },
    { pattern: '/a/[b-d]x', key: '/a/cx', match: true },
    { pattern: '/a/[^b-d]x', key: '/a/cx', match: false },
    { pattern: '/a/[^b-d]x', key: '/a/ex', match: true },
    { pattern: '/a/\\*', key: '/a/*', match: true },
    { pattern: '/a/\\*', key: '/a/b', match: false },
    { pattern: '/a.b/(c)', key: '/a.b/(c)', match: true },
    { pattern: '/a.b', key: '/aXb', match: false },
    { pattern: '/a/b', key: '/a/b/', match: false },
  ];
  for (const c of cases) {
    it(`${c.pattern} ${c.match ? 'matches' : 'does not match'} ${c.key}`, () => {
      assert.equal(compilePathPattern(c.pattern).test(c.key), c.match);
    });
  }

  it('rejects malformed patterns like Go ErrBadPattern', () => {
    for (const bad of ['/a/[b', '/a/\\', '/a/[]', '/a/[-b]', '/a/[z-a]']) {
      assert.throws(() => compilePathPattern(bad), /syntax error in pattern/, bad);
    }
  });
});
