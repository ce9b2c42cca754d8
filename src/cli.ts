#!/usr/bin/env node
// argv -> command; the only place that exits.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkCommand } from './commands/check.js';
import { emulateCommand } from './commands/emulate.js';
import { getCommand, lsCommand } from './commands/query.js';
import { imdsCommand } from './commands/imds.js';
import { ConfdError, ConfigError, ExitCode, isUnreachable } from './errors.js';
import { version } from './version.js';

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
async function runCli(argv: readonly string[]): Promise<number> {
  try {
    await yargs(argv)
      .scriptName('confd-ts')
      .version(version)
      .command(imdsCommand)
      .command(emulateCommand)
      .command(getCommand)
      .command(lsCommand)
      .command(checkCommand)
      .demandCommand(1, 'Name a command: imds, emulate, get, ls or check.')
      .strict()
      .help()
      .wrap(Math.min(110, process.stdout.columns || 110))
      .fail((message, err) => {
        throw err ?? new ConfigError(`${message}\nRun 'confd-ts --help' for usage.`);
      })
      .parseAsync();
  } catch (err) {
    return reportError(err);
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
}

function reportError(err: unknown): number {
  if (err instanceof ConfigError) {
    process.stderr.write(`confd-ts: ${err.message}\n`);
    return ExitCode.usage;
  }
  const code = err instanceof ConfdError ? ` (${err.code})` : '';
  process.stderr.write(`confd-ts: ${(err as Error).message ?? String(err)}${code}\n`);
  return isUnreachable(err) ? ExitCode.unreachable : ExitCode.resourceFailed;
}

process.exit(await runCli(hideBin(process.argv)));
