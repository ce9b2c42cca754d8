import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { startPipeline, type Pipeline } from './status-pipeline.js';

const promtoolInstall =
  'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus';

// Runs `promtool check metrics` with the text on stdin; a missing promtool is a failure, not a skip.
function checkWithPromtool(text: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err) =>
      reject(new Error(`promtool is needed for this test (${promtoolInstall}): ${err.message}`)),
    );
    child.once('close', (code) => resolve({ code, output }));
    child.stdin.end(text);
  });
}

// The `# TYPE name type` lines of an exposition text.
function typesOf(text: string): Map<string, string> {
  const lines = text.split('\n').filter((line) => line.startsWith('# TYPE '));
  return new Map(lines.map((line) => line.split(' ').slice(2, 4) as [string, string]));
}

// The value of the sample `name{labels}`, labels in the order prom-client writes them.
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics after two polls', () => {
  let pipeline: Pipeline;
  let text: string;
  let dests: { credentials: string; instance: string };

  before(async () => {
    pipeline = await startPipeline();
    await pipeline.poll();
    await pipeline.poll();
    dests = { credentials: pipeline.dest('credentials'), instance: pipeline.dest('instance') };
    const response = await pipeline.get('/metrics');
    assert.equal(response.status, 200);
    assert.match(response.type, /^text\/plain; version=0\.0\.4/);
    text = response.body;
  });
  after(() => pipeline.close());

  it('declares every SPEC metric with its type', () => {
    const expected = {
      confd_backend_request_duration_seconds: 'histogram',
      confd_backend_request_total: 'counter',
      confd_backend_errors_total: 'counter',
      confd_backend_healthy: 'gauge',
      confd_cache_hits_total: 'counter',
      confd_cache_misses_total: 'counter',
      confd_cache_entries: 'gauge',
      confd_template_process_total: 'counter',
      confd_template_process_duration_seconds: 'histogram',
      confd_file_changed_total: 'counter',
      confd_command_total: 'counter',
      confd_command_duration_seconds: 'histogram',
      confd_last_successful_poll_timestamp_seconds: 'gauge',
      confd_build_info: 'gauge',
      confd_config_reload_total: 'counter',
    };
    const types = typesOf(text);
    for (const [name, type] of Object.entries(expected)) assert.equal(types.get(name), type, name);
  });

  it('includes the default process and Node.js metrics', () => {
    const types = typesOf(text);
    assert.equal(types.get('process_cpu_seconds_total'), 'counter');
    assert.equal(types.get('nodejs_eventloop_lag_seconds'), 'gauge');
  });

  it('counts backend requests by operation, and the health and build info', () => {
    assert.ok(
      (sample(text, 'confd_backend_request_total{backend="aws",operation="token"}') ?? 0) >= 1,
    );
    assert.ok(
      (sample(text, 'confd_backend_request_total{backend="aws",operation="list"}') ?? 0) >= 1,
    );
    assert.ok(
      (sample(text, 'confd_backend_request_total{backend="aws",operation="get"}') ?? 0) >= 3,
    );
    assert.match(
      text,
      /^confd_backend_request_duration_seconds_bucket\{le="0\.001",backend="aws",operation="get"\} \d+$/m,
    );
    assert.equal(sample(text, 'confd_backend_healthy{backend="aws"}'), 1);
    assert.equal(sample(text, 'confd_build_info{version="9.9.9-test",provider="aws"}'), 1);
    assert.equal(
      sample(text, 'confd_last_successful_poll_timestamp_seconds'),
      Date.parse('2024-05-01T12:00:00Z') / 1000,
    );
  });

  it('reads the cache statistics at scrape time: the second poll was served from the cache', () => {
    const stats = pipeline.backend.cacheStats();
    assert.ok(stats.hits > 0 && stats.misses > 0 && stats.entries > 0);
    assert.equal(sample(text, 'confd_cache_hits_total'), stats.hits);
    assert.equal(sample(text, 'confd_cache_misses_total'), stats.misses);
    assert.equal(sample(text, 'confd_cache_entries'), stats.entries);
  });

  it('counts template outcomes, file changes and commands by dest', () => {
    const { credentials, instance } = dests;
    const process = (dest: string, status: string): number | undefined =>
      sample(text, `confd_template_process_total{dest="${dest}",status="${status}"}`);
    assert.equal(process(credentials, 'changed'), 1);
    assert.equal(process(credentials, 'unchanged'), 1);
    assert.equal(process(instance, 'changed'), 1);
    assert.equal(sample(text, `confd_file_changed_total{dest="${credentials}"}`), 1);
    assert.equal(
      sample(text, `confd_command_total{type="check",dest="${credentials}",status="ok"}`),
      1,
    );
    assert.equal(
      sample(text, `confd_command_total{type="reload",dest="${credentials}",status="ok"}`),
      1,
    );
    assert.equal(
      sample(text, `confd_command_duration_seconds_count{type="check",dest="${credentials}"}`),
      1,
    );
    assert.equal(
      sample(text, `confd_template_process_duration_seconds_count{dest="${instance}"}`),
      2,
    );
  });

  it('never carries a metadata value in a label or anywhere else', () => {
    for (const value of [
      '12345678901',
      'TEST92test48',
      'i-1234567890abcdef0',
      'm4.xlarge',
      'baskinc-role',
    ])
      assert.ok(!text.includes(value), value);
  });

  it('passes promtool check metrics', async () => {
    const { code, output } = await checkWithPromtool(text);
    assert.equal(output, '');
    assert.equal(code, 0);
  });

  it('counts errors by reason and configuration reloads by outcome', async () => {
    pipeline.metrics.observeBackendRequest({
      operation: 'get',
      method: 'GET',
      url: 'http://127.0.0.1:1/latest/meta-data/',
      durationMs: 1000,
      error: 'timeout',
      attempt: 1,
    });
    pipeline.metrics.observeConfigReload(true);
    pipeline.metrics.observeConfigReload(false);
    const after = (await pipeline.get('/metrics')).body;
    assert.equal(
      sample(after, 'confd_backend_errors_total{backend="aws",operation="get",reason="timeout"}'),
      1,
    );
    assert.equal(sample(after, 'confd_config_reload_total{status="ok"}'), 1);
    assert.equal(sample(after, 'confd_config_reload_total{status="failed"}'), 1);
    assert.equal((await checkWithPromtool(after)).code, 0);
  });
});
