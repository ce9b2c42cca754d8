/** Exit codes of `imds --onetime` and `check` (SPEC section 1). */
export const ExitCode = {
  ok: 0,
  resourceFailed: 1,
  usage: 2,
  unreachable: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base error: a stable machine-readable `code` and an optional `cause`. */
export class ConfdError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration or usage mistake: confd.toml, a flag, a template resource. Exit 2. */
export class ConfigError extends ConfdError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFD_CONFIG', message, options);
  }
}

export type BackendErrorCode =
  /** The metadata service could not be reached at all (connection refused, timeouts). */
  | 'BACKEND_UNREACHABLE'
  /** The service answered, but not usefully (5xx/429 after retries, bad token, bad body). */
  | 'BACKEND_BAD_RESPONSE'
  /** The key does not exist (404). */
  | 'BACKEND_NOT_FOUND';

/** A metadata service failure; `url` names the request that failed. */
export class BackendError extends ConfdError {
  declare readonly code: BackendErrorCode;
  readonly url: string;
  readonly status: number | undefined;
  constructor(
    code: BackendErrorCode,
    message: string,
    details: { url: string; status?: number; cause?: unknown },
  ) {
    super(code, message, { cause: details.cause });
    this.url = details.url;
    this.status = details.status;
  }
}

/** A template failed to render: missing key, bad helper argument, syntax error. */
export class RenderError extends ConfdError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFD_RENDER', message, options);
  }
}

/** Writing, checking or reloading a destination failed. */
export class WriteError extends ConfdError {
  constructor(
    code: 'CONFD_WRITE' | 'CONFD_CHECK_CMD' | 'CONFD_RELOAD_CMD',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** True when the error means the metadata service could not be reached at all. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof BackendError && err.code === 'BACKEND_UNREACHABLE';
}
