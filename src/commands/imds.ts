import type { CommandModule } from 'yargs';
import { resolveConfig } from '../config.js';
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
        '$0 imds --emulate aws --confdir . --onetime',
        'Render the example confdir against the built-in emulator',
      )
      .example('$0 imds --onetime --noop --diff', 'Show what would change, touch nothing'),
  handler: async (argv) => {
    const config = await resolveConfig(
      argv as Record<string, string | number | boolean | undefined>,
      process.env,
      process.stderr.isTTY,
    );
    const logger = createLogger({ level: config.logLevel, format: config.logFormat });
    process.exitCode = await runImds(config, logger);
  },
};
