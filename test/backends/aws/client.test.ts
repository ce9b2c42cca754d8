import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { createAwsBackend } from '../../../backends/aws/client.js';
import type { AwsBackend, AwsBackendOptions } from '../../../backends/aws/client.js';
import type { KeyValues } from '../../../backends/backend.js';
import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type {
  EmulatorOptions,
  RunningEmulator,
} from '../../../backends/emulator/start-emulator.js';
import { createLogger } from '../../../src/log.js';
import { startScriptedServer } from './scripted-server.js';

const closers: (() => Promise<void>)[] = [];
after(() => Promise.all(closers.map((close) => close())));

async function startAws(options: Omit<EmulatorOptions, 'provider'> = {}): Promise<RunningEmulator> {
  const emulator = await startEmulator({ provider: 'aws', ...options });
  closers.push(() => emulator.close());
  return emulator;
}

function createBackend(
  emulator: { url: string },
  options: Partial<AwsBackendOptions> = {},
): AwsBackend {
  const backend = createAwsBackend({ endpoint: emulator.url, cacheTtlMs: 60_000, ...options });
  closers.push(() => backend.close());
  return backend;
}

const gets = (emulator: RunningEmulator): string[] =>
  emulator.requests.filter((request) => request.method === 'GET').map((request) => request.path);
const puts = (emulator: RunningEmulator): number =>
  emulator.requests.filter((request) => request.method === 'PUT').length;

// Every directory a walk must list to find these leaves: each ancestor of each key.
function countDirectories(values: KeyValues): number {
  const directories = new Set<string>();
  for (const key of values.keys()) {
    const segments = key.split('/').slice(1, -1);
    segments.forEach((_, i) => directories.add(segments.slice(0, i + 1).join('/')));
  }
  return directories.size;
}

// Retries that do not sleep and never run out during a test with injected faults.
const patientRetry = { retries: 12, sleep: async () => undefined, budgetMs: 60_000 };

describe('createAwsBackend', () => {
  let emulator: RunningEmulator;
  let baseline: KeyValues;

  before(async () => {
    emulator = await startAws();
    baseline = await createBackend(emulator).getValues(['/']);
  });

  it('walks the whole tree: every leaf once, one listing per directory, one token', async () => {
    emulator.resetRequests();
    const values = await createBackend(emulator).getValues(['/']);
    assert.equal(values.get('/meta-data/instance-id'), 'i-1234567890abcdef0');
    assert.equal(values.get('/meta-data/placement/region'), 'us-east-1');
    assert.equal(values.get('/meta-data/tags/instance/Name'), 'test-instance');
    assert.match(values.get('/meta-data/public-keys/0/openssh-key') ?? '', /^ssh-rsa /);
    const mac = '/meta-data/network/interfaces/macs/0e:49:61:0f:c3:11';
    assert.equal(
      values.get(`${mac}/security-group-ids`),
      'sg-0b07f8f6cb485d4df\nsg-0c2d34a5e6f7a8b90',
    );
    const credentials = JSON.parse(
      values.get('/meta-data/iam/security-credentials/baskinc-role') ?? '{}',
    );
    assert.equal(credentials.Code, 'Success');
    assert.ok(credentials.AccessKeyId);
    assert.ok(values.has('/user-data'));
    assert.ok(values.has('/dynamic/instance-identity/document'));
    assert.deepEqual([...values.keys()], [...values.keys()].sort());

    const paths = gets(emulator);
    assert.equal(new Set(paths).size, paths.length, 'a path was fetched twice');
    assert.equal(paths.length, values.size + countDirectories(values));
    assert.equal(puts(emulator), 1);
    assert.ok(emulator.requests.every((request) => request.status === 200));
  });

  it('fetches only the path to a single leaf', async () => {
    emulator.resetRequests();
    const values = await createBackend(emulator).getValues(['/meta-data/placement/region']);
    assert.deepEqual([...values], [['/meta-data/placement/region', 'us-east-1']]);
    assert.deepEqual(gets(emulator), [
      '/latest/meta-data/',
      '/latest/meta-data/placement/',
      '/latest/meta-data/placement/region',
    ]);
  });

  it('answers from the cache within the TTL and refetches after it', async () => {
    const clock = { now: 1_000_000 };
    const backend = createBackend(emulator, { cacheTtlMs: 60_000, clock: () => clock.now });
    emulator.resetRequests();
    await backend.getValues(['/meta-data/placement']);
    const first = emulator.requests.length;
    clock.now += 60_000;
    assert.deepEqual(
      await backend.getValues(['/meta-data/placement']),
      await backend.getValues(['/meta-data/placement']),
    );
    assert.equal(emulator.requests.length, first);
    assert.ok(backend.cacheStats().hits > 0);
    clock.now += 1;
    await backend.getValues(['/meta-data/placement']);
    assert.equal(emulator.requests.length, 2 * first - 1, 'refetched everything but the token');
  });

  it('fetches nothing twice for overlapping prefixes, even without a cache', async () => {
    emulator.resetRequests();
    const backend = createBackend(emulator, { cacheTtlMs: 0 });
    const values = await backend.getValues([
      '/meta-data/placement/region',
      '/meta-data',
      '/meta-data/placement/',
      '//meta-data//placement',
      '/',
    ]);
    assert.deepEqual(values, baseline);
    const paths = gets(emulator);
    assert.equal(new Set(paths).size, paths.length);
  });

  it('shares requests among concurrent calls', async () => {
    emulator.resetRequests();
    const backend = createBackend(emulator);
    const results = await Promise.all([
      backend.getValues(['/']),
      backend.getValues(['/meta-data']),
      backend.getValues(['/']),
    ]);
    assert.deepEqual(results[0], baseline);
    assert.deepEqual(results[2], baseline);
    const paths = gets(emulator);
    assert.equal(new Set(paths).size, paths.length);
    assert.equal(puts(emulator), 1);
  });

  it('yields nothing for absent prefixes', async () => {
    emulator.resetRequests();
    const values = await createBackend(emulator).getValues([
      '/meta-data/tags/instance/Nope',
      '/meta-data/events',
      '/meta-data/instance-id/deeper',
      '/meta-data/no/such/dir/',
      '/elsewhere',
    ]);
    assert.equal(values.size, 0);
    assert.ok(emulator.requests.every((request) => request.status === 200));
  });

  it('health answers ok, and close is idempotent', async () => {
    const backend = createBackend(emulator);
    assert.deepEqual(await backend.health(), { ok: true });
    await backend.close();
    await backend.close();
  });

  it('never logs values or the token', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      format: 'json',
      write: (line) => lines.push(line),
    });
    const values = await createBackend(emulator, { logger }).getValues(['/']);
    assert.ok(lines.some((line) => line.includes('/latest/user-data')));
    const secrets = [
      values.get('/user-data'),
      values.get('/meta-data/iam/security-credentials/baskinc-role'),
    ];
    for (const secret of secrets) assert.ok(secret && !lines.some((line) => line.includes(secret)));
    assert.ok(!lines.some((line) => /x-aws-ec2-metadata-token/i.test(line)));
  });
});

describe('createAwsBackend under faults', () => {
  it('completes a walk that outlives its token', async () => {
    // 4 requests at a time at 100 ms each: the 83-request walk takes about 2 s, twice the token's life.
    const emulator = await startAws({ tokenTtlCapSeconds: 1, latencyMs: 100 });
    const values = await createBackend(emulator, { maxConcurrency: 4 }).getValues(['/']);
    assert.equal(values.get('/meta-data/instance-id'), 'i-1234567890abcdef0');
    assert.ok(
      puts(emulator) >= 2,
      `expected a token refresh, saw ${puts(emulator)} token requests`,
    );
  });

  it('retries 500s and completes the walk', async () => {
    const emulator = await startAws({ errorRate: 0.3 });
    const values = await createBackend(emulator, { retry: patientRetry }).getValues(['/']);
    assert.equal(values.get('/meta-data/instance-id'), 'i-1234567890abcdef0');
    assert.ok(emulator.requests.some((request) => request.status === 500));
  });

  it('retries 429s and completes the walk', async () => {
    const emulator = await startAws({ throttleRps: 40 });
    const retry = { retries: 20, baseDelayMs: 100, maxDelayMs: 500, budgetMs: 60_000 };
    const values = await createBackend(emulator, { retry }).getValues(['/']);
    assert.equal(values.get('/meta-data/instance-id'), 'i-1234567890abcdef0');
    assert.ok(emulator.requests.some((request) => request.status === 429));
  });

  it('fails with BACKEND_UNREACHABLE when the service is gone, and health says why', async () => {
    const emulator = await startAws();
    await emulator.close();
    const backend = createBackend(emulator);
    await assert.rejects(backend.getValues(['/meta-data/instance-id']), {
      code: 'BACKEND_UNREACHABLE',
      message: new RegExp(`^PUT ${emulator.url}/latest/api/token failed: refused`),
    });
    const health = await backend.health();
    assert.equal(health.ok, false);
    assert.match(health.reason ?? '', /refused|no answer/);
  });

  it('refreshes the token once on a 401 and retries the request', async () => {
    const server = await startScriptedServer({ tokens: ['stale', 'fresh'], accepted: ['fresh'] });
    closers.push(() => server.close());
    const values = await createBackend(server).getValues(['/meta-data/instance-id']);
    assert.deepEqual([...values], [['/meta-data/instance-id', 'i-scripted']]);
    assert.equal(server.tokenRequests, 2);
  });

  it('treats a listed key that answers 404 as absent', async () => {
    const server = await startScriptedServer({ tokens: ['t'], accepted: ['t'] });
    closers.push(() => server.close());
    const values = await createBackend(server).getValues(['/meta-data']);
    assert.deepEqual([...values], [['/meta-data/instance-id', 'i-scripted']]);
  });

  it('gives up when a fresh token is refused too', async () => {
    const server = await startScriptedServer({ tokens: ['one', 'two', 'three'], accepted: [] });
    closers.push(() => server.close());
    await assert.rejects(createBackend(server).getValues(['/meta-data/instance-id']), {
      code: 'BACKEND_BAD_RESPONSE',
      status: 401,
      message: `GET ${server.url}/latest/meta-data/ answered 401, even with a fresh IMDSv2 session token`,
    });
    assert.equal(server.tokenRequests, 2);
  });
});
