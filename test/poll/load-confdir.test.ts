import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/errors.js';
import { loadConfdir } from '../../src/poll/load-confdir.js';
import { createTempConfdir, resourceToml } from '../helpers/temp-confdir.js';

describe('loadConfdir', () => {
  it('names the resource file, the line of src and the template for a missing template', async (t) => {
    const confdir = await createTempConfdir();
    t.after(() => confdir.remove());
    await confdir.addResource('ghost', resourceToml('ghost', ['/meta-data']));
    await confdir.addResource('broken', resourceToml('broken', ['/meta-data']), 'x {{#if}}\n');
    await assert.rejects(loadConfdir(confdir.dir, ''), (err) => {
      assert.ok(err instanceof ConfigError);
      const ghost = join(confdir.dir, 'conf.d', 'ghost.toml');
      const template = join(confdir.dir, 'templates', 'ghost.tmpl');
      assert.match(
        err.message,
        new RegExp(`^${ghost}:2: template\\.src: template ${template} not found$`, 'm'),
      );
      assert.match(err.message, /broken\.tmpl:\d+: syntax error/);
      return true;
    });
  });

  it('loads every resource with its compiled template', async (t) => {
    const confdir = await createTempConfdir({ copyExample: true });
    t.after(() => confdir.remove());
    const loaded = await loadConfdir(confdir.dir, '');
    assert.equal(loaded.length, 6);
    assert.ok(loaded.every(({ template }) => typeof template.render === 'function'));
  });
});
