import type { CheckResult } from './run-check.js';

/** The human-readable report of `confd-ts check`, split by stream. */
export interface CheckReport {
  /** Each rendered template under a `==> <dest> (<resource>)` header. */
  readonly stdout: string;
  /** One line per problem, `<file>:<line>: <message>`, then a one-line summary. */
  readonly stderr: string;
}

/**
 * Formats a check result for a terminal or a CI log: rendered files on stdout (so that they can
 * be redirected), problems and the summary on stderr.
 */
export function formatCheckReport(result: CheckResult): CheckReport {
  const rendered = result.renders.map((render) => {
    const header = `==> ${render.dest} (${render.resource})`;
    if (render.content === undefined) return `${header}: not rendered, see the errors\n`;
    const body = render.content.endsWith('\n') ? render.content : `${render.content}\n`;
    return `${header}\n${render.content === '' ? '' : body}`;
  });
  const lines = result.problems.map((problem) => problem.message);
  const resources = `${result.resources} template resource${result.resources === 1 ? '' : 's'}`;
  const count = result.problems.length;
  const verdict = count === 0 ? 'ok' : `${count} problem${count === 1 ? '' : 's'}`;
  const renderedCount = result.renders.filter((render) => render.content !== undefined).length;
  const rendering =
    result.renders.length > 0 ? `, ${renderedCount} of ${result.renders.length} rendered` : '';
  lines.push(`${result.confdir}: ${resources}${rendering}: ${verdict}`);
  return { stdout: rendered.join('\n'), stderr: `${lines.join('\n')}\n` };
}
