import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readFixtureData } from '../../src/check/fixture-data.js';
import { ConfigError } from '../../src/errors.js';

describe('readFixtureData', () => {
  let dir: string;
  const write = async (name: string, text: string): Promise<string> => {
    const file = join(dir, name);
    await writeFile(file, text);
    return file;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'confd-ts-fixture-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads flat keys, nested objects, arrays and primitives alike', async () => {
    const file = await write(
      'mixed.json',
      JSON.stringify({
        '/meta-data/instance-id': 'i-1',
        'meta-data': { placement: { region: 'eu-west-1' }, 'ami-launch-index': 0 },
        '/meta-data/tags/instance': { Name: 'web', Spot: true, Empty: null },
        '/network/interfaces': ['10.0.0.1', '10.0.0.2'],
      }),
    );
    assert.deepEqual(
      [...(await readFixtureData(file))],
      [
        ['/meta-data/instance-id', 'i-1'],
        ['/meta-data/placement/region', 'eu-west-1'],
        ['/meta-data/ami-launch-index', '0'],
        ['/meta-data/tags/instance/Name', 'web'],
        ['/meta-data/tags/instance/Spot', 'true'],
        ['/meta-data/tags/instance/Empty', ''],
        ['/network/interfaces/0', '10.0.0.1'],
        ['/network/interfaces/1', '10.0.0.2'],
      ],
    );
  });

  it('rejects invalid JSON and a top level that is not an object, naming the file', async () => {
    const broken = await write('broken.json', '{"a": ');
    await assert.rejects(readFixtureData(broken), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, new RegExp(`^--data ${broken}: invalid JSON: `));
      return true;
    });
    const list = await write('list.json', '["a"]');
    await assert.rejects(readFixtureData(list), {
      message: `--data ${list}: expected a JSON object of keys, got an array`,
    });
    const missing = join(dir, 'missing.json');
    await assert.rejects(readFixtureData(missing), /^ConfigError: --data .*missing\.json: ENOENT/);
  });
});
