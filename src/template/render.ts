import Handlebars from 'handlebars';
import type { KeyValues } from '../../backends/backend.js';
import type { Logger } from '../log.js';
import { DnsLookups } from './dns-lookups.js';
import { createDnsResolver, type DnsResolver } from './dns-resolver.js';
import { HelperFailure } from './helpers-define.js';
import { registerHelpers } from './helpers.js';
import { KeyStore } from './key-store.js';
import { renderStateKey, type RenderState } from './render-state.js';
import { TemplateError } from './template-error.js';

/** What a render may take from its caller instead of the process; every field is optional. */
export interface RenderContext {
  /** Variables for `getenv`; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock for `datetime`, read once per render. */
  readonly now?: () => Date;
  /** DNS for the lookup helpers; the system resolver by default. */
  readonly resolver?: DnsResolver;
  /** Failed or abandoned DNS lookups are warned here (they render as empty lists). */
  readonly log?: Logger;
}

/** A parsed template, ready to render any number of times (concurrently too). */
export interface CompiledTemplate {
  /** The name given to compileTemplate, used in every error message. */
  readonly name: string;
  /** Renders against `values`. Throws TemplateError (a RenderError) naming `name` and the line. */
  render(values: KeyValues, context?: RenderContext): Promise<string>;
}

/** Rounds of DNS resolution before the remaining lookups are abandoned (rendered empty). */
const maxDnsRounds = 3;

// `log` is unregistered, so it must not be compiled as a known helper either.
const compileOptions = { noEscape: true, knownHelpers: { log: false } };

/**
 * Compiles Handlebars `source` on an isolated instance with the confd helpers (no global state).
 * Throws TemplateError naming `name` and the line on a syntax error.
 */
export function compileTemplate(name: string, source: string): CompiledTemplate {
  const hb = Handlebars.create();
  registerHelpers(hb);
  let template: Handlebars.TemplateDelegate;
  try {
    const ast = hb.parse(source);
    hb.precompile(ast, compileOptions);
    template = hb.compile(ast, compileOptions);
  } catch (err) {
    throw toTemplateError(name, err);
  }
  return {
    name,
    render: (values, context = {}) => renderWithLookups(template, name, values, context),
  };
}

// Renders; while DNS helpers asked for unknown answers, resolves them all and renders again.
async function renderWithLookups(
  template: Handlebars.TemplateDelegate,
  name: string,
  values: KeyValues,
  context: RenderContext,
): Promise<string> {
  const at = (context.now ?? (() => new Date()))();
  const state: RenderState = {
    store: new KeyStore(values),
    dns: new DnsLookups(),
    env: context.env ?? process.env,
    now: () => at,
  };
  for (let round = 0; ; round++) {
    const text = runTemplate(template, name, state);
    if (!state.dns.hasPending()) return text;
    if (round === maxDnsRounds) {
      const queries = state.dns.pendingQueries();
      context.log?.warn({ template: name, queries }, 'DNS lookups abandoned after too many rounds');
      return text;
    }
    const failures = await state.dns.resolvePending(context.resolver ?? createDnsResolver());
    for (const { query, error } of failures) {
      context.log?.warn({ template: name, query, err: error }, 'DNS lookup failed; rendered empty');
    }
  }
}

function runTemplate(
  template: Handlebars.TemplateDelegate,
  name: string,
  state: RenderState,
): string {
  try {
    return template({}, { data: { [renderStateKey]: state } });
  } catch (err) {
    throw toTemplateError(name, err);
  }
}

// Helper failures carry `loc`; Handlebars' own errors carry `lineNumber` or say "on line N".
function toTemplateError(file: string, err: unknown): TemplateError {
  if (err instanceof HelperFailure) {
    const details = { file, line: err.loc?.start.line, cause: err.cause ?? err };
    return new TemplateError(
      err.message,
      err.helper === undefined ? details : { ...details, helper: err.helper },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  const parse = /^(?:Parse|Lexical) error on line (\d+)[.:]?\s*\n(.*)\n.*\n(.*)/u.exec(message);
  if (parse) {
    const problem = `syntax error near ${JSON.stringify(parse[2])}: ${parse[3]}`;
    return new TemplateError(problem, { file, line: Number(parse[1]), cause: err });
  }
  const lineNumber = (err as { lineNumber?: unknown } | null)?.lineNumber;
  const line = typeof lineNumber === 'number' ? lineNumber : undefined;
  return new TemplateError(message.replace(/ - \d+:\d+$/u, ''), { file, line, cause: err });
}
