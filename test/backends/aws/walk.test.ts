import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { parseListing, walkPrefixes } from '../../../backends/aws/walk.js';
import { joinKey } from '../../../src/template/key-prefix.js';

describe('parseListing', () => {
  const cases = [
    {
      name: 'directories end in a slash, blank lines are ignored',
      key: '/meta-data',
      body: 'ami-id\nplacement/\n\nsecurity-groups\n',
      expected: [
        ['ami-id', 'leaf'],
        ['placement', 'directory'],
        ['security-groups', 'leaf'],
      ],
    },
    {
      name: 'public-keys entries N=name are directories N',
      key: '/meta-data/public-keys',
      body: '0=my-key\n1=other=key',
      expected: [
        ['0', 'directory'],
        ['1', 'directory'],
      ],
    },
    {
      name: 'an = elsewhere is part of a leaf name',
      key: '/meta-data/tags/instance',
      body: 'a=b',
      expected: [['a=b', 'leaf']],
    },
  ];
  for (const { name, key, body, expected } of cases) {
    it(name, () => assert.deepEqual([...parseListing(key, body)], expected));
  }
});

describe('joinKey as the walk uses it', () => {
  it('keeps one leading slash and drops empty segments and the trailing slash', () => {
    assert.equal(joinKey('meta-data//placement/'), '/meta-data/placement');
    assert.equal(joinKey(''), '/');
    assert.equal(joinKey('//'), '/');
  });
});

describe('walkPrefixes', () => {
  // An in-memory tree standing in for the service; records each fetch.
  const tree: Record<string, string> = {
    '/meta-data/': 'a\nb/\n',
    '/meta-data/a': 'A',
    '/meta-data/b/': 'c\n',
    '/meta-data/b/c': 'line 1\nline 2',
    '/dynamic/': '',
    '/user-data': 'U',
  };
  const createFetch = () => {
    const fetched: string[] = [];
    const fetchPath = async (path: string) => {
      fetched.push(path);
      return tree[path];
    };
    return { fetched, fetchPath };
  };

  it('walks everything under / and keeps multi-line leaves whole', async () => {
    const { fetched, fetchPath } = createFetch();
    const values = await walkPrefixes(['/'], fetchPath);
    assert.deepEqual(Object.fromEntries(values), {
      '/meta-data/a': 'A',
      '/meta-data/b/c': 'line 1\nline 2',
      '/user-data': 'U',
    });
    assert.equal(fetched.length, 6);
  });

  it('decides a prefix is a leaf from its parent listing', async () => {
    const { fetched, fetchPath } = createFetch();
    const values = await walkPrefixes(['/meta-data/a', '/meta-data/b'], fetchPath);
    assert.deepEqual([...values.keys()], ['/meta-data/a', '/meta-data/b/c']);
    assert.deepEqual(fetched.sort(), [
      '/meta-data/',
      '/meta-data/a',
      '/meta-data/b/',
      '/meta-data/b/c',
    ]);
  });

  it('yields nothing for what the parent does not list', async () => {
    const { fetched, fetchPath } = createFetch();
    assert.equal(
      (await walkPrefixes(['/meta-data/x', '/meta-data/a/deeper', '/other'], fetchPath)).size,
      0,
    );
    assert.deepEqual(fetched, ['/meta-data/']);
  });
});
