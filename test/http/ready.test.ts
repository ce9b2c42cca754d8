import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { WriteError } from '../../src/errors.js';
import type { DetailedStatus } from '../../src/http/status.js';
import { TemplateError } from '../../src/template/template-error.js';
import { credentials, instanceId, startPipeline, type Pipeline } from './status-pipeline.js';

describe('/ready and /ready/detailed', () => {
  let pipeline: Pipeline;
  const ready = async (): Promise<{
    status: number;
    body: { status: string; reason?: string };
  }> => {
    const response = await pipeline.get('/ready');
    return { status: response.status, body: JSON.parse(response.body) };
  };
  const detailed = async (): Promise<{ status: number; text: string; body: DetailedStatus }> => {
    const response = await pipeline.get('/ready/detailed');
    assert.match(response.type, /^application\/json/);
    return { status: response.status, text: response.body, body: JSON.parse(response.body) };
  };

  before(async () => {
    pipeline = await startPipeline();
  });
  after(() => pipeline.close());

  it('is 503 before the first pass, every resource unprocessed', async () => {
    assert.deepEqual(await ready(), {
      status: 503,
      body: { status: 'not ready', reason: 'no poll has finished yet' },
    });
    const { status, body } = await detailed();
    assert.equal(status, 503);
    assert.equal(body.lastPoll, null);
    assert.deepEqual(
      body.resources.map((resource) => [resource.dest, resource.lastResult]),
      [
        [pipeline.dest('credentials'), null],
        [pipeline.dest('instance'), null],
      ],
    );
  });

  it('is 200 once every resource was processed', async () => {
    await pipeline.poll();
    assert.match(
      await readFile(pipeline.dest('credentials'), 'utf8'),
      /aws_session_token = TEST92/,
    );
    assert.deepEqual(await ready(), { status: 200, body: { status: 'ready' } });
  });

  it('details provider, endpoint, poll, cache and each resource with its commands', async () => {
    const { status, body } = await detailed();
    assert.equal(status, 200);
    assert.equal(body.provider, 'aws');
    assert.equal(body.endpoint, pipeline.emulator.url);
    assert.deepEqual(body.health, {
      ok: true,
      reason: null,
      checkedAt: '2024-05-01T12:00:00.000Z',
    });
    assert.equal(body.lastPoll?.time, '2024-05-01T12:00:00.000Z');
    assert.equal(body.lastPoll?.successful, true);
    assert.equal(typeof body.lastPoll?.durationMs, 'number');
    const stats = pipeline.backend.cacheStats();
    assert.deepEqual(body.cache, {
      entries: stats.entries,
      hits: stats.hits,
      misses: stats.misses,
      ttlSeconds: 60,
    });
    const [creds, instance] = body.resources;
    assert.equal(creds?.lastResult, 'changed');
    assert.equal(creds?.lastChange, '2024-05-01T12:00:00.000Z');
    assert.equal(creds?.lastError, null);
    assert.equal(creds?.check?.ok, true);
    assert.equal(creds?.check?.exitCode, 0);
    assert.equal(creds?.reload?.exitCode, 0);
    assert.deepEqual(Object.keys(creds?.check ?? {}).sort(), [
      'durationMs',
      'exitCode',
      'ok',
      'signal',
      'timedOut',
    ]);
    assert.equal(instance?.lastResult, 'changed');
    assert.equal(instance?.check, null);
  });

  it('never shows a metadata value: credentials, the token, the instance id', async () => {
    const { text } = await detailed();
    for (const value of [
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.token,
      instanceId,
      'm4.xlarge',
    ])
      assert.ok(!text.includes(value), `${value} in /ready/detailed`);
  });

  it('keeps error messages with secret values scrubbed out, and no value a template quoted', async () => {
    const dest = pipeline.dest('credentials');
    const fail = async (error: Error): Promise<DetailedStatus['resources'][number] | undefined> => {
      pipeline.status.observeResource({ dest, status: 'failed', error, durationMs: 1 });
      const { text, body } = await detailed();
      assert.ok(!text.includes(credentials.secretAccessKey) && !text.includes(instanceId), text);
      return body.resources.find((resource) => resource.dest === dest);
    };
    const write = await fail(
      new WriteError('CONFD_WRITE', `cannot use ${credentials.secretAccessKey} here`),
    );
    assert.deepEqual(write?.lastError?.message, 'cannot use [REDACTED] here');
    assert.equal(write?.lastResult, 'failed');
    const quoted = new TemplateError(`"${instanceId}" is not an integer`, {
      file: '/t/a.tmpl',
      line: 3,
      helper: 'atoi',
    });
    const template = await fail(quoted);
    assert.deepEqual(template?.lastError, {
      code: 'CONFD_RENDER',
      message: '/t/a.tmpl:3: atoi failed; the log has the details',
      time: template?.lastError?.time,
    });
    const unknown = await fail(new Error(`boom ${instanceId}`));
    assert.equal(unknown?.lastError?.message, 'unexpected error; the log has the details');
  });

  it('is 503 once the last poll is older than two intervals, 200 after the next', async () => {
    pipeline.advance(2 * pipeline.intervalMs);
    assert.equal((await ready()).status, 200, 'exactly two intervals is still recent');
    pipeline.advance(1_000);
    const stale = await ready();
    assert.equal(stale.status, 503);
    assert.match(
      stale.body.reason ?? '',
      /last poll ended 121 s ago, more than two intervals \(120 s\)/,
    );
    await pipeline.poll();
    assert.equal((await ready()).status, 200);
  });

  it('is 503 again when a reload adds a resource not processed yet', async () => {
    pipeline.status.configure({
      provider: 'aws',
      endpoint: pipeline.emulator.url,
      intervalMs: pipeline.intervalMs,
      dests: [pipeline.dest('credentials'), pipeline.dest('instance'), pipeline.dest('new')],
      probe: (signal) => pipeline.backend.health(signal),
    });
    assert.deepEqual(await ready(), {
      status: 503,
      body: { status: 'not ready', reason: '1 of 3 resources not processed yet' },
    });
    const { body } = await detailed();
    assert.equal(body.resources[0]?.lastResult, 'unchanged', 'kept across the reload');
  });
});
