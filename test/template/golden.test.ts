import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileTemplate } from '../../src/template/render.js';

// Compiled to dist/test/template/: the golden cases stay in the source tree.
const goldenDir = fileURLToPath(new URL('../../../test/golden/', import.meta.url));

const caseNames = readdirSync(goldenDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

// values.json is an object of key -> value, as a backend's KeyValues.
async function readValues(dir: string): Promise<Map<string, string>> {
  const parsed = JSON.parse(await readFile(join(dir, 'values.json'), 'utf8')) as Record<
    string,
    string
  >;
  return new Map(Object.entries(parsed));
}

describe('golden templates', () => {
  it('finds the cases', () => {
    assert.ok(caseNames.length >= 4, `only ${caseNames.length} cases under ${goldenDir}`);
  });

  for (const name of caseNames) {
    it(name, async () => {
      const dir = join(goldenDir, name);
      const source = await readFile(join(dir, 'template.tmpl'), 'utf8');
      const expected = await readFile(join(dir, 'expected'), 'utf8');
      const template = compileTemplate(`test/golden/${name}/template.tmpl`, source);
      const out = await template.render(await readValues(dir), {
        env: {},
        now: () => new Date(Date.UTC(2024, 0, 1)),
      });
      assert.equal(out, expected);
    });
  }
});
