import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPipeline, type Pipeline } from './status-pipeline.js';

describe('/health through an emulator outage', () => {
  let pipeline: Pipeline;
  const probes = (): number => pipeline.probes;
  const health = async (): Promise<{
    status: number;
    body: { status: string; reason?: string };
  }> => {
    const response = await pipeline.get('/health');
    return { status: response.status, body: JSON.parse(response.body) };
  };
  const healthyGauge = async (): Promise<string | undefined> =>
    (await pipeline.get('/metrics')).body
      .split('\n')
      .find((line) => line.startsWith('confd_backend_healthy{'));

  before(async () => {
    pipeline = await startPipeline({ cacheTtlMs: 0 });
  });
  after(() => pipeline.close());

  it('probes once before any poll, and concurrent requests share that probe', async () => {
    const answers = await Promise.all([health(), health(), health(), health()]);
    for (const answer of answers) assert.deepEqual(answer, { status: 200, body: { status: 'ok' } });
    assert.equal(probes(), 1);
    assert.equal(await healthyGauge(), 'confd_backend_healthy{backend="aws"} 1');
  });

  it('answers from state within the probe period, then probes once more', async () => {
    await Promise.all([health(), health()]);
    assert.equal(probes(), 1);
    pipeline.advance(5_001);
    await Promise.all([health(), health(), health()]);
    assert.equal(probes(), 2);
  });

  it('is 200 after a successful poll, without a probe', async () => {
    pipeline.advance(5_001);
    await pipeline.poll();
    assert.deepEqual(await health(), { status: 200, body: { status: 'ok' } });
    assert.equal(probes(), 2);
  });

  it('turns 503 with the reason when a poll cannot fetch', async () => {
    pipeline.emulator.setFaults({ errorRate: 1 });
    const pass = await pipeline.poll();
    assert.ok(pass.outcomes.every((outcome) => outcome.status === 'failed'));
    const answer = await health();
    assert.equal(answer.status, 503);
    assert.equal(answer.body.status, 'unhealthy');
    assert.match(answer.body.reason ?? '', /500/);
    assert.equal(await healthyGauge(), 'confd_backend_healthy{backend="aws"} 0');
  });

  it('stays 503 while probes fail, and keeps the last state between probes', async () => {
    pipeline.advance(5_001);
    assert.equal((await health()).status, 503);
    assert.equal(probes(), 3);
    pipeline.emulator.setFaults({ errorRate: 0 });
    assert.equal((await health()).status, 503, 'no new probe within the period');
    assert.equal(probes(), 3);
  });

  it('returns to 200 once a probe gets an answer again', async () => {
    pipeline.advance(5_001);
    assert.deepEqual(await health(), { status: 200, body: { status: 'ok' } });
    assert.equal(probes(), 4);
    assert.equal(await healthyGauge(), 'confd_backend_healthy{backend="aws"} 1');
  });
});
