import { RenderError } from '../errors.js';

/**
 * A template that cannot be compiled or rendered. The message reads `<file>:<line>: <problem>`
 * (`<file>: <problem>` when Handlebars gives no line), e.g.
 * `templates/app.tmpl:12: getv: key "/meta-data/foo" not found`. `file`, `line` and `helper`
 * are also kept apart for the `check` command and for logs.
 */
export class TemplateError extends RenderError {
  readonly file: string;
  readonly line: number | undefined;
  /** The helper that failed, when a helper failed. */
  readonly helper: string | undefined;
  constructor(
    problem: string,
    details: { file: string; line?: number; helper?: string; cause?: unknown },
  ) {
    const where = details.line === undefined ? details.file : `${details.file}:${details.line}`;
    const who = details.helper === undefined ? '' : `${details.helper}: `;
    super(`${where}: ${who}${problem}`, { cause: details.cause });
    this.file = details.file;
    this.line = details.line;
    this.helper = details.helper;
  }
}
