import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadResources } from '../../src/template/load-resources.js';
import { ResourceError } from '../../src/template/resource-error.js';

const resourceToml = (dest: string): string =>
  `[template]\nsrc = "x.tmpl"\ndest = "${dest}"\nkeys = ["/meta-data"]\n`;

describe('loadResources', () => {
  let confdir: string;
  before(async () => {
    confdir = await mkdtemp(join(tmpdir(), 'confd-load-'));
    const confd = join(confdir, 'conf.d');
    await mkdir(join(confd, 'nested', 'deeper'), { recursive: true });
    await writeFile(join(confd, 'b.toml'), resourceToml('/etc/b.conf'));
    await writeFile(join(confd, 'a.toml'), resourceToml('a.conf'));
    await writeFile(join(confd, 'nested', 'deeper', 'c.toml'), resourceToml('/etc/c.conf'));
    await writeFile(join(confd, 'nested', 'bad.toml'), '[template]\nsrc = "x"\ndset = "y"\n');
    await writeFile(join(confd, 'same-dest.toml'), resourceToml('/etc/b.conf'));
    await writeFile(join(confd, 'notes.txt'), 'not a resource');
    await writeFile(join(confd, '.hidden.toml'), 'garbage [');
    await writeFile(join(confdir, 'linked.toml'), resourceToml('/etc/linked.conf'));
    await symlink(join(confdir, 'linked.toml'), join(confd, 'linked.toml'));
    await symlink(join(confdir, 'missing.toml'), join(confd, 'dangling.toml'));
  });
  after(() => rm(confdir, { recursive: true, force: true }));

  it('parses every *.toml recursively in path order and collects errors per file', async () => {
    const { resources, errors } = await loadResources({ confdir, prefix: '/p' });
    // a.toml, b.toml, linked.toml, nested/deeper/c.toml: sorted by path under conf.d.
    assert.deepEqual(
      resources.map((r) => r.dest),
      [join(confdir, 'a.conf'), '/etc/b.conf', '/etc/linked.conf', '/etc/c.conf'],
    );
    assert.deepEqual(resources[0]?.keys, ['/p/meta-data']);
    const messages = errors.map((e) => e.message);
    assert.equal(errors.length, 3, messages.join('\n'));
    assert.ok(errors.every((e) => e instanceof ResourceError));
    assert.match(messages[0] ?? '', /dangling\.toml: ENOENT/);
    assert.match(messages[1] ?? '', /nested\/bad\.toml:3: template\.dset: unknown field/);
    assert.match(
      messages[2] ?? '',
      /same-dest\.toml: template\.dest: dest \/etc\/b\.conf is already written by .*b\.toml/,
    );
  });

  it('reports a missing conf.d as one error', async () => {
    const { resources, errors } = await loadResources({ confdir: join(confdir, 'nope') });
    assert.equal(resources.length, 0);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0]?.message ?? '',
      /cannot read template resources in .*nope\/conf\.d: ENOENT/,
    );
  });
});
