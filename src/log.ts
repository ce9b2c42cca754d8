import { isSensitiveField, redactedMarker, SecretScrubber } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';
export type LogFields = Record<string, unknown>;

const levelOrder: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
  /** The scrubber shared by this logger and its children. */
  readonly secrets: SecretScrubber;
}

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
  secrets?: SecretScrubber;
}

/** One line per event; sensitive fields and known secret values are redacted before writing. */
export function createLogger(options: LoggerOptions, bound: LogFields = {}): Logger {
  const secrets = options.secrets ?? new SecretScrubber();
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const emit = (level: LogLevel, fields: LogFields, message: string): void => {
    if (levelOrder[level] < levelOrder[options.level]) return;
    const record = { time: new Date().toISOString(), level, msg: message, ...bound, ...fields };
    const line =
      options.format === 'json' ? JSON.stringify(record, replaceForLog) : formatText(record);
    write(secrets.scrub(line));
  };
  return {
    debug: (fields, message) => emit('debug', fields, message),
    info: (fields, message) => emit('info', fields, message),
    warn: (fields, message) => emit('warn', fields, message),
    error: (fields, message) => emit('error', fields, message),
    child: (fields) => createLogger({ ...options, secrets }, { ...bound, ...fields }),
    secrets,
  };
}

/** A logger that writes nothing, for library use and tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return createLogger({ level: 'error', format: 'json', write: () => undefined });
}

function replaceForLog(this: unknown, key: string, value: unknown): unknown {
  if (key !== '' && isSensitiveField(key)) return redactedMarker;
  if (value instanceof Error) return serializeError(value);
  return value;
}

function serializeError(err: Error): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  const cause = err.cause instanceof Error ? serializeError(err.cause) : undefined;
  return {
    type: err.name,
    message: err.message,
    ...(code ? { code } : {}),
    ...(cause ? { cause } : {}),
  };
}

function formatText(record: LogFields & { time: string; level: string; msg: string }): string {
  const { time, level, msg, ...rest } = record;
  const pairs = Object.entries(rest).map(([key, value]) => `${key}=${formatTextValue(key, value)}`);
  return [time, level.toUpperCase().padEnd(5), msg, ...pairs].join(' ');
}

function formatTextValue(key: string, value: unknown): string {
  if (isSensitiveField(key)) return redactedMarker;
  if (value instanceof Error) return JSON.stringify(serializeError(value).message);
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value, replaceForLog);
}
