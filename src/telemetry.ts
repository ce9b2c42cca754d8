import type { Backend } from '../backends/backend.js';
import type { RequestEvent } from '../backends/http.js';
import type { Config } from './config.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { startStatusServer, type StatusServer } from './http/server.js';
import { DaemonStatus } from './http/status.js';
import type { Logger } from './log.js';
import type { LoadedResource } from './poll/process-resource.js';
import type { PassResult } from './poll/run-pass.js';
import { version } from './version.js';

/**
 * Metrics and the state behind the health endpoints, fed by the daemon's events, and the HTTP
 * server for them when `--metrics-addr` is set. Without it the same events are simply recorded.
 */
export class Telemetry {
  readonly #metrics: Metrics;
  readonly #status: DaemonStatus;
  #server: StatusServer | undefined;

  constructor(
    private readonly backend: Backend,
    logger: Logger,
  ) {
    this.#metrics = createMetrics({ version, provider: backend.provider });
    this.#metrics.setCacheStatsSource(() => backend.cacheStats());
    this.#status = new DaemonStatus({
      secrets: logger.secrets,
      onProbe: (health) => this.#metrics.setBackendHealthy(health.ok),
    });
  }

  /** For the backend's `onRequest`: every request attempt, timed and classified. */
  readonly observeRequest = (event: RequestEvent): void =>
    this.#metrics.observeBackendRequest(event);

  /** Serve /metrics and the health endpoints on `address` (HOST:PORT or :PORT). */
  async listen(address: string, logger: Logger): Promise<void> {
    this.#server = await startStatusServer({
      address,
      metrics: this.#metrics,
      status: this.#status,
      logger,
    });
    logger.info({ url: this.#server.url }, 'metrics and health endpoints listening');
  }

  /** What runs now: after start-up and after every configuration reload. */
  configure(config: Config, resources: readonly LoadedResource[]): void {
    const { backend } = this;
    this.#status.configure({
      provider: backend.provider,
      endpoint: backend.endpoint,
      intervalMs: config.intervalMs,
      dests: resources.map((loaded) => loaded.resource.dest),
      probe: (signal) => backend.health(signal),
      cacheStats: () => backend.cacheStats(),
    });
  }

  observePass(pass: PassResult): void {
    this.#metrics.observePass(pass);
    this.#status.observePass(pass);
  }

  /** A configuration reload: `error` when the new configuration was refused. */
  observeReload(error?: unknown): void {
    this.#metrics.observeConfigReload(error === undefined);
    this.#status.observeConfigReload(error);
  }

  async close(): Promise<void> {
    await this.#server?.close();
  }
}
