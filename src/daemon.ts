import type { Backend } from '../backends/backend.js';
import { createBackend } from '../backends/create-backend.js';
import type { RequestEvent } from '../backends/http.js';
import type { Config } from './config.js';
import { ConfigError, ExitCode } from './errors.js';
import type { Logger } from './log.js';
import { watchConfdir } from './poll/confdir-watcher.js';
import { LiveConfiguration } from './poll/live-configuration.js';
import { loadConfdir } from './poll/load-confdir.js';
import { PollLoop } from './poll/poll-loop.js';
import { createReloader } from './poll/reloader.js';
import { exitCodeOf, runPass, type PassResult } from './poll/run-pass.js';
import { SnapshotStore } from './poll/snapshot-store.js';
import { runWatchLoop } from './poll/watch-loop.js';
import { createSystemdNotifier } from './sd-notify.js';
import { Telemetry } from './telemetry.js';

export interface ImdsRun {
  readonly config: Config;
  /** Resolves the options again (flags, environment, confd.toml), for reloads. */
  readonly resolveConfig: () => Promise<Config>;
  readonly logger: Logger;
}

/**
 * `confd-ts imds`: wiring only. Loads the confdir, opens the backend, then runs one pass
 * (`--onetime`) or the daemon until SIGTERM/SIGINT. Resolves to the exit code.
 */
export async function runImds({ config, resolveConfig, logger }: ImdsRun): Promise<number> {
  const live = new LiveConfiguration(
    config,
    await loadConfdir(config.confdir, config.prefix),
    resolveConfig,
  );
  // Telemetry needs the provider, known once the backend exists; probes before that are not counted.
  const requests: { observe?: (event: RequestEvent) => void } = {};
  const backend = await createBackend({
    ...config,
    logger,
    env: process.env,
    onRequest: (event) => requests.observe?.(event),
  });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping after the resource in flight');
    stop.abort();
  };
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  const telemetry = new Telemetry(backend, logger);
  requests.observe = telemetry.observeRequest;
  try {
    if (config.watch && !backend.waitForChange) {
      throw new ConfigError(
        `watch mode is not supported by the ${backend.provider} backend; use --interval`,
      );
    }
    if (config.metricsAddr) await telemetry.listen(config.metricsAddr, logger);
    telemetry.configure(live.config, live.resources);
    logger.info(
      { provider: backend.provider, endpoint: backend.endpoint, resources: live.resources.length },
      'confd-ts started',
    );
    const store = new SnapshotStore(backend, logger.secrets);
    const pass = async (): Promise<PassResult> => {
      const result = await runPass(live.resources, {
        store,
        syncOptions: live.config,
        logger,
        // Diffs go to stdout, which may end up in a journal: secret values are scrubbed there too.
        printDiff: (diff) => process.stdout.write(logger.secrets.scrub(diff)),
        signal: stop.signal,
      });
      telemetry.observePass(result);
      return result;
    };
    if (config.onetime) return stop.signal.aborted ? ExitCode.ok : exitCodeOf(await pass());
    await runDaemon({ live, backend, telemetry, logger, pass, signal: stop.signal });
    return ExitCode.ok;
  } finally {
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    await telemetry.close();
    await backend.close();
  }
}

interface DaemonParts {
  readonly live: LiveConfiguration;
  readonly backend: Backend;
  readonly telemetry: Telemetry;
  readonly logger: Logger;
  readonly pass: () => Promise<PassResult>;
  readonly signal: AbortSignal;
}

// The poll loop, plus hot reload (confdir watcher, SIGHUP), --watch, and systemd notifications.
async function runDaemon({
  live,
  backend,
  telemetry,
  logger,
  pass,
  signal,
}: DaemonParts): Promise<void> {
  const notifier = createSystemdNotifier(process.env, { logger });
  // STOPPING=1 as soon as the signal arrives, while the resource in flight finishes.
  const stopped = new Promise<unknown>((resolve) =>
    signal.addEventListener('abort', () => resolve(notifier.stopping()), { once: true }),
  );
  let started = false;
  const loop = new PollLoop(
    async () => {
      const result = await pass();
      if (!started) await notifier.ready(`${result.outcomes.length} resources processed`);
      started = true;
      return result;
    },
    { intervalMs: live.config.intervalMs, signal, logger },
  );
  const reloader = createReloader({
    live,
    telemetry,
    notifier,
    logger,
    onReloaded: () => loop.wake(),
    isStarted: () => started,
    stopping: signal,
  });
  const onHangup = (): void => void reloader.reload('SIGHUP');
  process.on('SIGHUP', onHangup);
  const watcher = watchConfdir({
    confdir: live.config.confdir,
    configFile: live.config.configFile,
    logger,
    onChange: (paths) => reloader.reload(`changed: ${paths.join(', ')}`),
  });
  const keys = (): string[] => live.resources.flatMap((loaded) => loaded.resource.keys);
  const watching =
    live.config.watch && backend.waitForChange
      ? runWatchLoop({ waitForChange: backend.waitForChange }, keys, () => loop.wake(), {
          signal,
          logger,
        })
      : undefined;
  try {
    await loop.run();
  } finally {
    process.off('SIGHUP', onHangup);
    await watcher.close();
    await reloader.idle();
    await watching;
    if (signal.aborted) await stopped;
  }
}
