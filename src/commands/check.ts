import type { CommandModule } from 'yargs';
import { formatCheckReport } from '../check/format-check.js';
import { runCheck } from '../check/run-check.js';
import { imdsOptionSpecs, toYargsOptions } from '../options.js';

const sharedOptions = new Set(['confdir', 'config-file', 'prefix']);

/** `confd-ts check`: validate a confdir, optionally render it against fixture data. */
export const checkCommand: CommandModule = {
  command: 'check',
  describe: 'Validate confd.toml, template resources and templates; write nothing, run nothing',
  builder: (yargs) =>
    yargs
      .options(toYargsOptions(imdsOptionSpecs.filter((spec) => sharedOptions.has(spec.name))))
      .options({
        data: {
          type: 'string',
          describe:
            'JSON fixture data ({"/meta-data/instance-id": "i-1"} or nested): render every template against it and print the results',
        },
        json: { type: 'boolean', describe: 'Print the result as one JSON document on stdout' },
      })
      .example('$0 check --confdir /etc/confd', 'Validate a confdir (exit 2 on any problem)')
      .example(
        '$0 check --confdir . --data fixtures/web.json',
        'Also render every template against fixture data (exit 1 if one fails)',
      )
      .example('$0 check --confdir . --json', 'Machine-readable result for a CI pipeline'),
  handler: async (argv) => {
    const result = await runCheck({
      confdir: argv.confdir as string | undefined,
      configFile: argv['config-file'] as string | undefined,
      prefix: argv.prefix as string | undefined,
      dataFile: argv.data as string | undefined,
    });
    if (argv.json === true) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const report = formatCheckReport(result);
      process.stdout.write(report.stdout);
      process.stderr.write(report.stderr);
    }
    process.exitCode = result.exitCode;
  },
};
