import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Provider } from '../../backends/backend.js';
import type { RequestEvent } from '../../backends/http.js';
import type { CacheStats } from '../cache/ttl-cache.js';
import type { ResourceOutcome } from '../poll/process-resource.js';
import type { PassResult } from '../poll/run-pass.js';
import type { CommandResult } from '../template/commands.js';
import { describePollContact } from './poll-contact.js';

export interface MetricsOptions {
  readonly version: string;
  readonly provider: Provider;
  /** Milliseconds since the epoch, for the last successful poll; injectable for tests. */
  readonly clock?: () => number;
}

/**
 * The Prometheus metrics of SPEC section 6 on a registry of their own (no global state). Labels
 * are low-cardinality: provider, operation, failure reason, dest, command type, status; never a
 * metadata key or value.
 */
export interface Metrics {
  /** One HTTP attempt to the metadata service (the backend's `onRequest`). */
  observeBackendRequest(event: RequestEvent): void;
  setBackendHealthy(ok: boolean): void;
  /**
   * A whole pass: every resource's outcome, then the poll itself. A successful poll
   * (see describePollContact: every fetch reached the service) sets the last successful poll
   * timestamp and marks the backend healthy; a fetch failure marks it unhealthy.
   */
  observePass(pass: PassResult): void;
  /** A configuration reload (SIGHUP or confdir watcher) that was applied or refused. */
  observeConfigReload(ok: boolean): void;
  /** Where cache statistics are read at scrape time: the backend's cache, set once. */
  setCacheStatsSource(source: () => CacheStats): void;
  /** The exposition text of every metric. */
  metricsText(): Promise<string>;
  readonly contentType: string;
}

// IMDS answers in about a millisecond on the instance; the top buckets catch timeouts and retries.
const requestBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
// Rendering is fast; a resource's time also holds its check and reload commands.
const processBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60];
const commandBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const lintFailingDefaults = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** A metrics registry with default process and Node.js metrics and every confd_* metric. */
export function createMetrics(options: MetricsOptions): Metrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  // Gauges named *_total fail `promtool check metrics` (prometheus/client_js#283); the per-type
  // nodejs_active_handles/requests/resources gauges carry the same counts.
  for (const name of lintFailingDefaults) register.removeSingleMetric(name);
  const registers = [register];
  const backend = options.provider;
  const clock = options.clock ?? Date.now;
  const m = defineMetrics(registers);
  const cache = createCacheCounters(registers);
  m.buildInfo.set({ version: options.version, provider: backend }, 1);

  const observeCommand = (type: 'check' | 'reload', dest: string, result: CommandResult): void => {
    m.commandTotal.inc({ type, dest, status: commandStatus(result) });
    m.commandDuration.observe({ type, dest }, result.durationMs / 1000);
  };
  const observeResource = (outcome: ResourceOutcome): void => {
    const { dest } = outcome;
    m.processTotal.inc({ dest, status: outcome.status });
    m.processDuration.observe({ dest }, outcome.durationMs / 1000);
    if (outcome.status === 'changed') m.fileChanged.inc({ dest });
    if (outcome.check) observeCommand('check', dest, outcome.check);
    if (outcome.reload) observeCommand('reload', dest, outcome.reload);
  };
  return {
    observeBackendRequest: (event) => {
      const labels = { backend, operation: event.operation };
      m.requestTotal.inc(labels);
      m.requestDuration.observe(labels, event.durationMs / 1000);
      if (event.error) m.errorsTotal.inc({ ...labels, reason: event.error });
    },
    setBackendHealthy: (ok) => m.healthy.set({ backend }, ok ? 1 : 0),
    observePass: (pass) => {
      pass.outcomes.forEach(observeResource);
      const contact = describePollContact(pass);
      if (contact === undefined) return;
      m.healthy.set({ backend }, contact.ok ? 1 : 0);
      if (contact.ok) m.lastSuccessfulPoll.set(clock() / 1000);
    },
    observeConfigReload: (ok) => m.configReload.inc({ status: ok ? 'ok' : 'failed' }),
    setCacheStatsSource: (source) => cache.setSource(source),
    metricsText: () => register.metrics(),
    contentType: register.contentType,
  };
}

function commandStatus(result: CommandResult): 'ok' | 'failed' | 'timeout' {
  if (result.ok) return 'ok';
  return result.timedOut ? 'timeout' : 'failed';
}

// Every confd_* metric but the cache's, registered on `registers` only.
function defineMetrics(registers: Registry[]) {
  return {
    requestDuration: new Histogram({
      name: 'confd_backend_request_duration_seconds',
      help: 'Duration of each HTTP attempt to the metadata service.',
      labelNames: ['backend', 'operation'] as const,
      buckets: requestBuckets,
      registers,
    }),
    requestTotal: new Counter({
      name: 'confd_backend_request_total',
      help: 'HTTP attempts to the metadata service, retries included.',
      labelNames: ['backend', 'operation'] as const,
      registers,
    }),
    errorsTotal: new Counter({
      name: 'confd_backend_errors_total',
      help: 'Failed HTTP attempts to the metadata service, by reason.',
      labelNames: ['backend', 'operation', 'reason'] as const,
      registers,
    }),
    healthy: new Gauge({
      name: 'confd_backend_healthy',
      help: '1 when the metadata service answered at the last contact, else 0.',
      labelNames: ['backend'] as const,
      registers,
    }),
    processTotal: new Counter({
      name: 'confd_template_process_total',
      help: 'Template resources processed, by outcome (unchanged, changed, would-change, failed).',
      labelNames: ['dest', 'status'] as const,
      registers,
    }),
    processDuration: new Histogram({
      name: 'confd_template_process_duration_seconds',
      help: 'Time to render, sync, check and reload one template resource.',
      labelNames: ['dest'] as const,
      buckets: processBuckets,
      registers,
    }),
    fileChanged: new Counter({
      name: 'confd_file_changed_total',
      help: 'Destination files written because their content, mode or owner changed.',
      labelNames: ['dest'] as const,
      registers,
    }),
    commandTotal: new Counter({
      name: 'confd_command_total',
      help: 'check_cmd and reload_cmd runs, by outcome (ok, failed, timeout).',
      labelNames: ['type', 'dest', 'status'] as const,
      registers,
    }),
    commandDuration: new Histogram({
      name: 'confd_command_duration_seconds',
      help: 'Duration of check_cmd and reload_cmd runs.',
      labelNames: ['type', 'dest'] as const,
      buckets: commandBuckets,
      registers,
    }),
    lastSuccessfulPoll: new Gauge({
      name: 'confd_last_successful_poll_timestamp_seconds',
      help: 'Unix time of the end of the last poll whose every fetch reached the metadata service.',
      registers,
    }),
    buildInfo: new Gauge({
      name: 'confd_build_info',
      help: 'Always 1; labels carry the confd-ts version and the metadata provider.',
      labelNames: ['version', 'provider'] as const,
      registers,
    }),
    configReload: new Counter({
      name: 'confd_config_reload_total',
      help: 'Configuration reloads (SIGHUP or confdir change), by outcome (ok, failed).',
      labelNames: ['status'] as const,
      registers,
    }),
  };
}

// Cache counters read at scrape time from the backend's cache, which lives as long as the process.
function createCacheCounters(registers: Registry[]): { setSource(next: () => CacheStats): void } {
  let source: (() => CacheStats) | undefined;
  const read = (): CacheStats => source?.() ?? { hits: 0, misses: 0, entries: 0, ttlMs: 0 };
  // Counters have no set(): each scrape resets them and adds the monotonic total.
  new Counter({
    name: 'confd_cache_hits_total',
    help: 'Metadata cache hits.',
    registers,
    collect() {
      this.reset();
      this.inc(read().hits);
    },
  });
  new Counter({
    name: 'confd_cache_misses_total',
    help: 'Metadata cache misses.',
    registers,
    collect() {
      this.reset();
      this.inc(read().misses);
    },
  });
  new Gauge({
    name: 'confd_cache_entries',
    help: 'Live entries in the metadata cache.',
    registers,
    collect() {
      this.set(read().entries);
    },
  });
  return {
    setSource: (next) => {
      source = next;
    },
  };
}
