import { createBackend } from '../backends/create-backend.js';
import type { Config } from './config.js';
import { ConfigError, ExitCode } from './errors.js';
import type { Logger } from './log.js';
import { loadConfdir } from './poll/load-confdir.js';
import { PollLoop } from './poll/poll-loop.js';
import { exitCodeOf, runPass, type PassContext } from './poll/run-pass.js';
import { SnapshotStore } from './poll/snapshot-store.js';

/**
 * `confd-ts imds`: wiring only. Loads the confdir, opens the backend, then runs one pass
 * (`--onetime`) or the poll loop until SIGTERM/SIGINT. Resolves to the exit code.
 */
export async function runImds(config: Config, logger: Logger): Promise<number> {
  refuseUnsupported(config);
  const resources = await loadConfdir(config.confdir, config.prefix);
  const backend = await createBackend({ ...config, logger, env: process.env });
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'stopping after the resource in flight');
    stop.abort();
  };
  process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  try {
    logger.info(
      {
        provider: backend.provider,
        endpoint: backend.endpoint,
        resources: resources.length,
        onetime: config.onetime,
      },
      'confd-ts started',
    );
    const context: PassContext = {
      store: new SnapshotStore(backend, logger.secrets),
      syncOptions: config,
      logger,
      // Diffs go to stdout, which may end up in a journal: secret values are scrubbed there too.
      printDiff: (diff) => process.stdout.write(logger.secrets.scrub(diff)),
      signal: stop.signal,
    };
    if (config.onetime)
      return stop.signal.aborted ? ExitCode.ok : exitCodeOf(await runPass(resources, context));
    const loop = new PollLoop(() => runPass(resources, context), {
      intervalMs: config.intervalMs,
      signal: stop.signal,
      logger,
    });
    await loop.run();
    return ExitCode.ok;
  } finally {
    process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
    await backend.close();
  }
}

// Options of the SPEC that this provider or version cannot honour are refused, never faked.
function refuseUnsupported(config: Config): void {
  const provider = config.provider === 'auto' ? (config.emulate ?? 'aws') : config.provider;
  if (config.watch && provider !== 'gcp') {
    throw new ConfigError(`watch mode is not supported by the ${provider} backend; use --interval`);
  }
  if (config.metricsAddr !== undefined) {
    throw new ConfigError(
      `--metrics-addr ${config.metricsAddr}: the metrics and health endpoints are not available in this version`,
    );
  }
}
