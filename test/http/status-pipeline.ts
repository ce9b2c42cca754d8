import { join } from 'node:path';
import { createAwsBackend, type AwsBackend } from '../../backends/aws/client.js';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { createSilentLogger, type Logger } from '../../src/log.js';
import { createMetrics, type Metrics } from '../../src/http/metrics.js';
import { startStatusServer, type StatusServer } from '../../src/http/server.js';
import { DaemonStatus } from '../../src/http/status.js';
import { loadConfdir } from '../../src/poll/load-confdir.js';
import type { LoadedResource } from '../../src/poll/process-resource.js';
import { runPass, type PassResult } from '../../src/poll/run-pass.js';
import { SnapshotStore } from '../../src/poll/snapshot-store.js';
import { createTempConfdir, type TempConfdir } from '../helpers/temp-confdir.js';

/** The IAM role's credentials in the AWS emulator's built-in data set. */
export const credentials = {
  accessKeyId: '12345678901',
  secretAccessKey: 'v/12345678901',
  token: 'TEST92test48TEST+y6RpoTEST92test48TEST/8oWVAiBqTEsT5Ky7ty2tEStxC1T==',
};
export const instanceId = 'i-1234567890abcdef0';

const credentialsTemplate = `{{#with (json (getv "/meta-data/iam/security-credentials/baskinc-role"))}}
[default]
aws_access_key_id = {{AccessKeyId}}
aws_secret_access_key = {{SecretAccessKey}}
aws_session_token = {{Token}}
{{/with}}
`;

/** The daemon's pieces wired as the daemon wires them, around a real emulator and status server. */
export interface Pipeline {
  readonly emulator: RunningEmulator;
  readonly backend: AwsBackend;
  readonly metrics: Metrics;
  readonly status: DaemonStatus;
  readonly server: StatusServer;
  readonly confdir: TempConfdir;
  readonly resources: readonly LoadedResource[];
  readonly intervalMs: number;
  /** Health probes made so far. */
  readonly probes: number;
  /** The absolute destination of resource `name` ('credentials' or 'instance'). */
  dest(name: string): string;
  /** Moves the status clock forward. */
  advance(ms: number): void;
  /** One pass, fed to the metrics and the status as the daemon does. */
  poll(): Promise<PassResult>;
  get(path: string, method?: string): Promise<{ status: number; type: string; body: string }>;
  close(): Promise<void>;
}

/**
 * Starts the AWS emulator, a backend reporting to the metrics, a confdir with a resource that
 * renders the IAM credentials (checked with a `cat` of the staged file, so the command's output
 * holds them) and one that renders the instance id, and a status server on 127.0.0.1:0.
 */
export async function startPipeline(options: { cacheTtlMs?: number } = {}): Promise<Pipeline> {
  const logger: Logger = createSilentLogger();
  const intervalMs = 60_000;
  let now = Date.parse('2024-05-01T12:00:00Z');
  const clock = (): number => now;
  let probes = 0;
  const emulator = await startEmulator({ provider: 'aws' });
  const metrics = createMetrics({ version: '9.9.9-test', provider: 'aws', clock });
  const backend = createAwsBackend({
    endpoint: emulator.url,
    cacheTtlMs: options.cacheTtlMs ?? 60_000,
    retry: { retries: 1, sleep: async () => undefined },
    onRequest: (event) => metrics.observeBackendRequest(event),
  });
  metrics.setCacheStatsSource(() => backend.cacheStats());
  const status = new DaemonStatus({
    secrets: logger.secrets,
    clock,
    onProbe: (health) => metrics.setBackendHealthy(health.ok),
  });
  const confdir = await createTempConfdir();
  await confdir.addResource(
    'credentials',
    '[template]\nsrc = "credentials.tmpl"\ndest = "out/credentials"\nkeys = ["/meta-data/iam/security-credentials"]\ncheck_cmd = "cat {{src}}"\nreload_cmd = "true"\n',
    credentialsTemplate,
  );
  await confdir.addResource(
    'instance',
    '[template]\nsrc = "instance.tmpl"\ndest = "out/instance"\nkeys = ["/meta-data/instance-id", "/meta-data/instance-type"]\n',
    'id={{getv "/meta-data/instance-id"}} type={{getv "/meta-data/instance-type"}}\n',
  );
  const resources = await loadConfdir(confdir.dir, '');
  status.configure({
    provider: backend.provider,
    endpoint: backend.endpoint,
    intervalMs,
    dests: resources.map((loaded) => loaded.resource.dest),
    probe: (signal) => {
      probes += 1;
      return backend.health(signal);
    },
    cacheStats: () => backend.cacheStats(),
  });
  const server = await startStatusServer({ address: '127.0.0.1:0', metrics, status, logger });
  const context = {
    store: new SnapshotStore(backend, logger.secrets),
    syncOptions: {},
    logger,
    printDiff: () => undefined,
  };
  return {
    emulator,
    backend,
    metrics,
    status,
    server,
    confdir,
    resources,
    intervalMs,
    get probes() {
      return probes;
    },
    dest: (name) => join(confdir.dir, 'out', name),
    advance: (ms) => void (now += ms),
    poll: async () => {
      const pass = await runPass(resources, context);
      metrics.observePass(pass);
      status.observePass(pass);
      return pass;
    },
    get: async (path, method = 'GET') => {
      const response = await fetch(server.url + path, { method });
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, type, body: await response.text() };
    },
    close: async () => {
      await server.close();
      await backend.close();
      await emulator.close();
      await confdir.remove();
    },
  };
}
