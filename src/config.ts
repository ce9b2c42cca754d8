import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { Provider } from '../backends/backend.js';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';
import type { LogFormat, LogLevel } from './log.js';
import { imdsOptionSpecs, toEnvName, type OptionSpec } from './options.js';
import { findKeyLine } from './toml-location.js';

/** Everything `confd-ts imds` needs, resolved once from flags, environment, confd.toml and defaults. */
export interface Config {
  readonly provider: Provider | 'auto';
  readonly endpoint: string | undefined;
  readonly emulate: Provider | undefined;
  readonly emulateData: string | undefined;
  readonly confdir: string;
  readonly configFile: string;
  readonly intervalMs: number;
  readonly onetime: boolean;
  readonly watch: boolean;
  readonly cacheTtlMs: number;
  readonly prefix: string;
  readonly noop: boolean;
  readonly diff: boolean;
  readonly syncOnly: boolean;
  readonly keepStageFile: boolean;
  readonly commandTimeoutMs: number;
  readonly metricsAddr: string | undefined;
  readonly logLevel: LogLevel;
  readonly logFormat: LogFormat;
}

type RawValue = string | number | boolean;
type RawOptions = Readonly<Record<string, RawValue | undefined>>;

const defaultConfdir = '/etc/confd';

/**
 * Resolves the options of `imds` with the documented precedence: flag > CONFD_* environment >
 * confd.toml > default. Throws ConfigError naming the flag, variable, or file and line.
 */
export async function resolveConfig(
  flags: RawOptions,
  env: NodeJS.ProcessEnv,
  isTty: boolean,
): Promise<Config> {
  const fromEnv = readEnvironment(env);
  const confdir = path.resolve(String(flags.confdir ?? fromEnv.confdir ?? defaultConfdir));
  const explicitFile = flags['config-file'] ?? fromEnv['config-file'];
  const configFile = path.resolve(String(explicitFile ?? path.join(confdir, 'confd.toml')));
  const fromFile = await readConfigFile(configFile, explicitFile !== undefined);
  const pick = (name: string): RawValue | undefined =>
    flags[name] ?? fromEnv[name] ?? fromFile[name];
  const config: Config = {
    provider: pickChoice(pick('provider'), 'provider', 'auto') as Provider | 'auto',
    endpoint: optionalString(pick('endpoint')),
    emulate: optionalString(pickChoice(pick('emulate'), 'emulate', undefined)) as
      Provider | undefined,
    emulateData: optionalPath(pick('emulate-data')),
    confdir: path.resolve(String(pick('confdir') ?? confdir)),
    configFile,
    intervalMs: positive(
      parseDuration(pickDuration(pick('interval')) ?? 600, 'interval'),
      'interval',
    ),
    onetime: pick('onetime') === true,
    watch: pick('watch') === true,
    cacheTtlMs: parseDuration(pickDuration(pick('imds-cache-ttl')) ?? '60s', 'imds-cache-ttl'),
    prefix: optionalString(pick('prefix')) ?? '',
    noop: pick('noop') === true,
    diff: pick('diff') === true,
    syncOnly: pick('sync-only') === true,
    keepStageFile: pick('keep-stage-file') === true,
    commandTimeoutMs: positive(
      parseDuration(pickDuration(pick('command-timeout')) ?? '60s', 'command-timeout'),
      'command-timeout',
    ),
    metricsAddr: optionalString(pick('metrics-addr')),
    logLevel: pickChoice(pick('log-level'), 'log-level', 'info') as LogLevel,
    logFormat: pickChoice(pick('log-format'), 'log-format', isTty ? 'text' : 'json') as LogFormat,
  };
  return Object.freeze(config);
}

// CONFD_<NAME> variables, converted to the option's type.
function readEnvironment(env: NodeJS.ProcessEnv): Record<string, RawValue> {
  const values: Record<string, RawValue> = {};
  for (const spec of imdsOptionSpecs) {
    const variable = toEnvName(spec.name);
    const text = env[variable];
    if (text === undefined || text === '') continue;
    values[spec.name] = spec.type === 'boolean' ? parseBooleanText(text, variable) : text;
  }
  return values;
}

function parseBooleanText(text: string, variable: string): boolean {
  if (/^(1|true|yes|on)$/i.test(text)) return true;
  if (/^(0|false|no|off)$/i.test(text)) return false;
  throw new ConfigError(`${variable}: expected true or false, got "${text}"`);
}

// confd.toml: top-level keys named like the long flags, kebab- or snake_case; unknown keys are errors.
async function readConfigFile(file: string, mustExist: boolean): Promise<Record<string, RawValue>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!mustExist && (err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError(`${file}: cannot read config file: ${(err as Error).message}`, {
      cause: err,
    });
  }
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (err) {
    const line = err instanceof TomlError ? `:${err.line}` : '';
    throw new ConfigError(
      `${file}${line}: invalid TOML: ${(err as Error).message.split('\n')[0]}`,
      { cause: err },
    );
  }
  const values: Record<string, RawValue> = {};
  for (const [key, value] of Object.entries(document)) {
    const name = key.replaceAll('_', '-');
    const spec = imdsOptionSpecs.find(
      (candidate) => candidate.name === name && candidate.inFile !== false,
    );
    const where = `${file}:${findKeyLine(text, key)}`;
    if (!spec) throw new ConfigError(`${where}: unknown option "${key}"`);
    values[name] = checkFileValue(spec, value, `${where}: ${key}`);
  }
  return values;
}

// A duration may be written as a number of seconds in TOML (interval = 300).
function checkFileValue(spec: OptionSpec, value: unknown, where: string): RawValue {
  if (typeof value === spec.type || (spec.duration === true && typeof value === 'number'))
    return value as RawValue;
  throw new ConfigError(`${where}: expected a ${spec.type}, got ${JSON.stringify(value)}`);
}

// An interval or time limit of zero would poll in a tight loop or kill every command at once.
function positive(ms: number, what: string): number {
  if (ms > 0) return ms;
  throw new ConfigError(`${what}: must be more than zero`);
}

function pickDuration(value: RawValue | undefined): string | number | undefined {
  return typeof value === 'boolean' ? String(value) : value;
}

function pickChoice<T extends string | undefined>(
  value: RawValue | undefined,
  name: string,
  fallback: T,
): string | T {
  if (value === undefined) return fallback;
  const choices = imdsOptionSpecs.find((spec) => spec.name === name)?.choices ?? [];
  if (!choices.includes(String(value))) {
    throw new ConfigError(`${name}: expected one of ${choices.join(', ')}, got "${String(value)}"`);
  }
  return String(value);
}

function optionalString(value: RawValue | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : String(value);
}

function optionalPath(value: RawValue | undefined): string | undefined {
  const text = optionalString(value);
  return text === undefined ? undefined : path.resolve(text);
}
