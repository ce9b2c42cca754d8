import type { Options } from 'yargs';

/** How a global option is spelled in flags, the environment and confd.toml, and its type. */
export interface OptionSpec {
  /** Long flag name, kebab-case: `imds-cache-ttl`. confd.toml accepts it kebab- or snake_case. */
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'number';
  readonly describe: string;
  readonly choices?: readonly string[];
  /** Shown in --help; the resolved default lives in config.ts. */
  readonly defaultDescription?: string;
  /** A duration (`30s`, `2m`, or seconds): confd.toml may also give it as a number. */
  readonly duration?: boolean;
  /** False for options that only make sense on the command line (config-file itself). */
  readonly inFile?: boolean;
}

/** The options of `confd-ts imds` (SPEC section 1), in the order --help shows them. */
export const imdsOptionSpecs: readonly OptionSpec[] = [
  {
    name: 'provider',
    type: 'string',
    describe: 'Metadata service',
    choices: ['aws', 'azure', 'gcp', 'auto'],
    defaultDescription: 'auto',
  },
  {
    name: 'endpoint',
    type: 'string',
    describe:
      'Base URL of the metadata service (also IMDS_ENDPOINT, AWS_EC2_METADATA_SERVICE_ENDPOINT)',
  },
  {
    name: 'emulate',
    type: 'string',
    describe: 'Start the built-in emulator in-process and use it',
    choices: ['aws', 'azure', 'gcp'],
  },
  {
    name: 'emulate-data',
    type: 'string',
    describe: 'Data file or directory for --emulate instead of the built-in data set',
  },
  {
    name: 'confdir',
    type: 'string',
    describe: 'Directory holding conf.d/ and templates/',
    defaultDescription: '/etc/confd',
  },
  {
    name: 'config-file',
    type: 'string',
    describe: 'Global options in TOML',
    defaultDescription: '<confdir>/confd.toml',
    inFile: false,
  },
  {
    name: 'interval',
    type: 'string',
    duration: true,
    describe: 'Poll period in daemon mode, in seconds (or 30s, 5m, 1h)',
    defaultDescription: '600',
  },
  { name: 'onetime', type: 'boolean', describe: 'Render once and exit' },
  {
    name: 'watch',
    type: 'boolean',
    describe: 'Re-render when the provider pushes a change (GCP only)',
  },
  {
    name: 'imds-cache-ttl',
    type: 'string',
    duration: true,
    describe: 'TTL of each cached metadata value (30s, 2m, 1h)',
    defaultDescription: '60s',
  },
  { name: 'prefix', type: 'string', describe: "Joined in front of every resource's own prefix" },
  { name: 'noop', type: 'boolean', describe: 'Render and compare, write nothing, run no command' },
  {
    name: 'diff',
    type: 'boolean',
    describe: 'Print a unified diff of each file that changes (with --noop: that would change)',
  },
  {
    name: 'sync-only',
    type: 'boolean',
    describe: 'Write files, run neither check_cmd nor reload_cmd',
  },
  { name: 'keep-stage-file', type: 'boolean', describe: 'Keep the staged file for inspection' },
  {
    name: 'command-timeout',
    type: 'string',
    duration: true,
    describe: 'Time limit of check_cmd and reload_cmd',
    defaultDescription: '60s',
  },
  {
    name: 'metrics-addr',
    type: 'string',
    describe:
      'Serve /metrics, /health, /ready, /ready/detailed on HOST:PORT (:PORT = every interface)',
  },
  {
    name: 'log-level',
    type: 'string',
    describe: 'Log level',
    choices: ['debug', 'info', 'warn', 'error'],
    defaultDescription: 'info',
  },
  {
    name: 'log-format',
    type: 'string',
    describe: 'Log line format',
    choices: ['json', 'text'],
    defaultDescription: 'text on a TTY, else json',
  },
];

/** Turns option specs into yargs options, without defaults: config.ts applies them after env and file. */
export function toYargsOptions(specs: readonly OptionSpec[]): Record<string, Options> {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      {
        type: spec.type,
        describe: spec.describe,
        ...(spec.choices ? { choices: [...spec.choices] } : {}),
        ...(spec.defaultDescription ? { defaultDescription: spec.defaultDescription } : {}),
      },
    ]),
  );
}

/** `imds-cache-ttl` -> `CONFD_IMDS_CACHE_TTL`. */
export function toEnvName(name: string): string {
  return 'CONFD_' + name.toUpperCase().replaceAll('-', '_');
}
