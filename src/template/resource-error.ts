import { ConfigError } from '../errors.js';

/**
 * A template resource file that cannot be used: a TOML syntax error, an unknown field, a wrong
 * type, a missing field. The message reads `<file>:<line>: <field>: <problem>`; `file`, `line`
 * and `field` are also kept apart for the `check` command and for logs. Exit code 2 at startup.
 */
export class ResourceError extends ConfigError {
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(
    problem: string,
    details: { file: string; line?: number; field?: string; cause?: unknown },
  ) {
    const where = details.line === undefined ? details.file : `${details.file}:${details.line}`;
    const what = details.field === undefined ? '' : `${details.field}: `;
    super(`${where}: ${what}${problem}`, { cause: details.cause });
    this.file = details.file;
    this.line = details.line;
    this.field = details.field;
  }
}
