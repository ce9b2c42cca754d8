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
    // Redact before encoding: a secret with a quote or a line break no longer matches once escaped.
    const record = redactRecord({ msg: message, ...bound, ...fields }, secrets);
    const stamped = { time: new Date().toISOString(), level, ...record, msg: record.msg };
    write(options.format === 'json' ? JSON.stringify(stamped) : formatText(stamped));
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

// Sensitive field names lose their value; every string, errors included, loses known secrets.
function redactRecord(fields: LogFields, secrets: SecretScrubber): LogFields & { msg: string } {
  const redact = (key: string, value: unknown): unknown => {
    if (key !== '' && isSensitiveField(key)) return redactedMarker;
    if (typeof value === 'string') return secrets.scrub(value);
    if (value instanceof Error) return redact('', serializeError(value));
    if (Array.isArray(value)) return value.map((item) => redact('', item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([name, item]) => [name, redact(name, item)]),
      );
    }
    return value;
  };
  return redact('', fields) as LogFields & { msg: string };
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
  const pairs = Object.entries(rest).map(([key, value]) => `${key}=${formatTextValue(value)}`);
  return [time, level.toUpperCase().padEnd(5), msg, ...pairs].join(' ');
}

// Values arrive redacted; an error (serialized) shows its message.
function formatTextValue(value: unknown): string {
  const shown = isSerializedError(value) ? value.message : value;
  if (typeof shown === 'string') return /[\s"=]/.test(shown) ? JSON.stringify(shown) : shown;
  return JSON.stringify(shown);
}

function isSerializedError(value: unknown): value is { type: string; message: string } {
  return typeof value === 'object' && value !== null && 'type' in value && 'message' in value;
}
