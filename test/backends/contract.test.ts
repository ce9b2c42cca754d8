// One contract, every provider: the same expectations run against AWS, Azure and GCP through
// their emulators and the real create-backend composition (provider keys + /v1 keys + cache).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Backend, Provider } from '../../backends/backend.js';
import { createBackend } from '../../backends/create-backend.js';
import { v1Names } from '../../backends/v1-mapping.js';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { BackendError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/log.js';

interface ProviderCase {
  readonly provider: Provider;
  /** A provider key of the built-in data and its value. */
  readonly ownKey: readonly [string, string];
  /** The normalized facts of the built-in data. */
  readonly v1: Readonly<Record<string, string>>;
  readonly tag: readonly [string, string];
}

const cases: readonly ProviderCase[] = [
  {
    provider: 'aws',
    ownKey: ['/meta-data/instance-id', 'i-1234567890abcdef0'],
    v1: {
      instance_id: 'i-1234567890abcdef0',
      instance_type: 'm4.xlarge',
      region: 'us-east-1',
      availability_zone: 'us-east-1a',
      local_ipv4: '172.16.34.43',
      public_ipv4: '192.0.2.54',
      account_id: '0123456789',
    },
    tag: ['Name', 'test-instance'],
  },
  {
    provider: 'azure',
    ownKey: ['/instance/compute/vmId', '02aab8a4-74ef-476e-8182-f6d2ba4166a6'],
    v1: {
      instance_id: '02aab8a4-74ef-476e-8182-f6d2ba4166a6',
      instance_type: 'Standard_A3',
      region: 'westus',
      availability_zone: '1',
      local_ipv4: '10.144.133.132',
      public_ipv4: '20.98.12.34',
      account_id: '8d10da13-8125-4ba9-a717-bf7490507b3d',
    },
    tag: ['foo', 'bar'],
  },
  {
    provider: 'gcp',
    ownKey: ['/instance/id', '5775171277418378123'],
    v1: {
      instance_id: '5775171277418378123',
      instance_type: 'e2-standard-4',
      region: 'us-central1',
      availability_zone: 'us-central1-a',
      local_ipv4: '10.128.0.19',
      public_ipv4: '34.69.160.1',
      account_id: 'srashid-test2',
    },
    tag: ['tag1', ''],
  },
];

const everyV1Name = v1Names.filter((name) => name !== 'tags');

for (const { provider, ownKey, v1, tag } of cases) {
  describe(`backend contract: ${provider}`, () => {
    let emulator: RunningEmulator;
    let backend: Backend;
    before(async () => {
      emulator = await startEmulator({ provider });
      backend = await createBackend({
        provider: 'auto',
        endpoint: emulator.url,
        emulate: undefined,
        emulateData: undefined,
        cacheTtlMs: 60_000,
        logger: createSilentLogger(),
        env: {},
      });
    });
    after(async () => {
      await backend.close();
      await backend.close();
      await emulator.close();
    });

    it('is detected by its protocol', () => assert.equal(backend.provider, provider));

    it('serves its own keys and every /v1 name with the same meaning', async () => {
      const values = await backend.getValues([ownKey[0], '/v1']);
      assert.equal(values.get(ownKey[0]), ownKey[1]);
      assert.equal(values.get('/v1/cloud_name'), provider);
      for (const name of everyV1Name) assert.ok(values.has(`/v1/${name}`), `/v1/${name} missing`);
      for (const [name, value] of Object.entries(v1))
        assert.equal(values.get(`/v1/${name}`), value, name);
      assert.equal(values.get(`/v1/tags/${tag[0]}`), tag[1]);
    });

    it('returns only what was asked for, and nothing for an absent prefix', async () => {
      const values = await backend.getValues(['/v1/region']);
      assert.deepEqual([...values.keys()], ['/v1/region']);
      const absent = await backend.getValues([
        `${ownKey[0].split('/').slice(0, 2).join('/')}/no-such-key`,
      ]);
      assert.equal(absent.size, 0);
    });

    it('answers from the cache within the TTL', async () => {
      await backend.getValues([ownKey[0]]);
      const served = emulator.requests.length;
      const before = backend.cacheStats();
      assert.equal((await backend.getValues([ownKey[0]])).get(ownKey[0]), ownKey[1]);
      assert.equal(emulator.requests.length, served);
      assert.ok(backend.cacheStats().hits > before.hits);
    });

    it('reports health, and BACKEND_UNREACHABLE when the service is gone', async () => {
      assert.deepEqual(await backend.health(), { ok: true });
      const gone = await startEmulator({ provider });
      const lonely = await createBackend({
        provider,
        endpoint: gone.url,
        emulate: undefined,
        emulateData: undefined,
        cacheTtlMs: 0,
        logger: createSilentLogger(),
        env: {},
      });
      await gone.close();
      await assert.rejects(
        lonely.getValues(['/v1/region']),
        (err) => err instanceof BackendError && err.code === 'BACKEND_UNREACHABLE',
      );
      const health = await lonely.health();
      assert.equal(health.ok, false);
      assert.match(health.reason ?? '', /refused|unreachable/i);
      await lonely.close();
    });
  });
}
