import type { CommandModule } from 'yargs';
import { resolveConfig, type Config } from '../config.js';
import { runImds } from '../daemon.js';
import { createLogger } from '../log.js';
import { imdsOptionSpecs, toYargsOptions } from '../options.js';

/** `confd-ts imds`: the main job. */
export const imdsCommand: CommandModule = {
  command: 'imds',
  describe: 'Poll the instance metadata service and render every template resource',
  builder: (yargs) =>
    yargs
      .options(toYargsOptions(imdsOptionSpecs))
      .example('$0 imds --onetime', 'Render once at boot and exit (exit code says how it went)')
      .example('$0 imds --interval 300', 'Run as a daemon, polling every 5 minutes')
      .example(
        '$0 imds --interval 300 --metrics-addr 127.0.0.1:9100',
        'Daemon with Prometheus metrics and health endpoints',
      )
      .example('$0 imds --provider gcp --watch', 'Re-render as soon as GCP metadata changes')
      .example(
        '$0 imds --emulate aws --confdir . --onetime',
        'Render the example confdir against the built-in emulator',
      )
      .example('$0 imds --onetime --noop --diff', 'Show what would change, touch nothing'),
  handler: async (argv) => {
    const flags = argv as Record<string, string | number | boolean | undefined>;
    const resolve = (): Promise<Config> => resolveConfig(flags, process.env, process.stderr.isTTY);
    const config = await resolve();
    const logger = createLogger({ level: config.logLevel, format: config.logFormat });
    process.exitCode = await runImds({ config, resolveConfig: resolve, logger });
  },
};
