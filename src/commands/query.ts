import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { Backend, KeyValues, Provider } from '../../backends/backend.js';
import { createBackend } from '../../backends/create-backend.js';
import { parseDuration } from '../duration.js';
import { ExitCode } from '../errors.js';
import { createLogger, type LogLevel } from '../log.js';
import { imdsOptionSpecs, toYargsOptions } from '../options.js';
import { isUnderKey, joinKey } from '../template/key-prefix.js';

interface QueryArgs {
  provider?: Provider | 'auto';
  endpoint?: string;
  emulate?: Provider;
  'emulate-data'?: string;
  'imds-cache-ttl'?: string;
  'log-level'?: LogLevel;
  json?: boolean;
}

const sharedOptionNames = [
  'provider',
  'endpoint',
  'emulate',
  'emulate-data',
  'imds-cache-ttl',
  'log-level',
];

/** `confd-ts get KEY...`: print the value of each key. */
export const getCommand: CommandModule<object, QueryArgs & { keys: string[] }> = {
  command: 'get <keys..>',
  describe: 'Print the value of metadata keys',
  builder: (yargs) =>
    withQueryOptions(yargs)
      .positional('keys', {
        type: 'string',
        array: true,
        demandOption: true,
        describe: 'Keys such as /meta-data/instance-id',
      })
      .example('$0 get /meta-data/instance-id --emulate aws', 'Print one value')
      .example(
        '$0 get /meta-data/instance-id /meta-data/placement/region --json',
        'Print a JSON object',
      ) as Argv<QueryArgs & { keys: string[] }>,
  handler: async (argv) => {
    const keys = argv.keys.map((key) => joinKey(key));
    process.exitCode = await runQuery(argv, keys, (values) => printValues(keys, argv, values));
  },
};

/** `confd-ts ls PREFIX`: print every key under a prefix. */
export const lsCommand: CommandModule<object, QueryArgs & { prefix: string }> = {
  command: 'ls <prefix>',
  describe: 'List every key under a prefix (with --json: keys and values)',
  builder: (yargs) =>
    withQueryOptions(yargs)
      .positional('prefix', {
        type: 'string',
        demandOption: true,
        describe: 'A key prefix such as /meta-data/placement',
      })
      .example('$0 ls /meta-data/placement --emulate aws', 'List keys')
      .example('$0 ls /meta-data/tags/instance --json', 'Dump keys and values as JSON') as Argv<
      QueryArgs & { prefix: string }
    >,
  handler: async (argv) => {
    const prefix = joinKey(argv.prefix);
    process.exitCode = await runQuery(argv, [prefix], (values) =>
      printListing(argv, prefix, values),
    );
  },
};

function withQueryOptions(yargs: Argv): Argv<QueryArgs> {
  const options = toYargsOptions(
    imdsOptionSpecs.filter((spec) => sharedOptionNames.includes(spec.name)),
  );
  return yargs.options({
    ...options,
    json: { type: 'boolean', describe: 'Print JSON' },
  }) as Argv<QueryArgs>;
}

// Opens the backend, fetches the keys, prints; returns the exit code. An unreachable service
// is thrown on: cli.ts reports it as exit 3, like every command.
async function runQuery(
  argv: ArgumentsCamelCase<QueryArgs>,
  prefixes: string[],
  print: (values: KeyValues) => number,
): Promise<number> {
  const logger = createLogger({ level: argv['log-level'] ?? 'warn', format: 'text' });
  let backend: Backend | undefined;
  try {
    backend = await createBackend({
      provider: argv.provider ?? 'auto',
      endpoint: argv.endpoint,
      emulate: argv.emulate,
      emulateData: argv['emulate-data'],
      cacheTtlMs: parseDuration(argv['imds-cache-ttl'] ?? '60s', 'imds-cache-ttl'),
      logger,
      env: process.env,
    });
    return print(await backend.getValues(prefixes));
  } finally {
    await backend?.close();
  }
}

function printValues(keys: readonly string[], argv: QueryArgs, values: KeyValues): number {
  const missing = keys.filter((key) => !values.has(key));
  for (const key of missing) {
    const isDirectory = [...values.keys()].some((candidate) => isUnderKey(candidate, key));
    const hint = isDirectory ? `is a directory; use 'confd-ts ls ${key}'` : 'not found';
    process.stderr.write(`confd-ts: key ${key} ${hint}\n`);
  }
  if (missing.length > 0) return ExitCode.resourceFailed;
  const found = keys.map((key) => [key, values.get(key) ?? ''] as const);
  const output = argv.json
    ? JSON.stringify(Object.fromEntries(found), null, 2)
    : found.map(([, value]) => value).join('\n');
  process.stdout.write(output + '\n');
  return ExitCode.ok;
}

function printListing(argv: QueryArgs, prefix: string, values: KeyValues): number {
  if (values.size === 0) {
    process.stderr.write(`confd-ts: nothing under ${prefix}\n`);
    return ExitCode.resourceFailed;
  }
  const keys = [...values.keys()].sort();
  const output = argv.json
    ? JSON.stringify(Object.fromEntries(keys.map((key) => [key, values.get(key)])), null, 2)
    : keys.join('\n');
  process.stdout.write(output + '\n');
  return ExitCode.ok;
}
