import type Handlebars from 'handlebars';
import {
  HelperFailure,
  toHandlebarsHelper,
  type HelperOptions,
  type HelperTable,
} from './helpers-define.js';
import { dnsHelpers } from './helpers-dns.js';
import { encodingHelpers } from './helpers-encoding.js';
import { keyHelpers } from './helpers-keys.js';
import { listHelpers } from './helpers-lists.js';
import { logicHelpers } from './helpers-logic.js';
import { mathHelpers } from './helpers-math.js';
import { printfHelpers } from './helpers-printf.js';
import { stringHelpers } from './helpers-strings.js';
import { systemHelpers } from './helpers-system.js';

/** Every confd-ts helper by name (docs/helpers.md describes each one). */
export const helperTable: HelperTable = {
  ...keyHelpers,
  ...stringHelpers,
  ...listHelpers,
  ...mathHelpers,
  ...logicHelpers,
  ...encodingHelpers,
  ...printfHelpers,
  ...dnsHelpers,
  ...systemHelpers,
};

/** Handlebars' own block helpers that templates may use; `log` is removed (it writes to stdout). */
const builtInHelpers = ['each', 'if', 'lookup', 'unless', 'with'];

/** Every helper name a template may call, sorted: confd-ts helpers plus Handlebars built-ins. */
export const helperNames: readonly string[] = [
  ...Object.keys(helperTable),
  ...builtInHelpers,
].sort();

/**
 * Installs the helpers on an isolated Handlebars instance (from Handlebars.create()), and makes
 * unknown names errors: `{{foo 1}}` and `(foo)` fail with `unknown helper "foo"`, and so does a
 * bare `{{foo}}` unless `foo` is a field of the current context (a null field renders empty).
 */
export function registerHelpers(hb: typeof Handlebars): void {
  hb.unregisterHelper('log');
  for (const [name, spec] of Object.entries(helperTable)) {
    hb.registerHelper(name, toHandlebarsHelper(name, spec));
  }
  hb.registerHelper('helperMissing', function (this: unknown, ...args: unknown[]): unknown {
    const options = args.at(-1) as HelperOptions;
    const isField =
      args.length === 1 &&
      this !== null &&
      typeof this === 'object' &&
      Object.hasOwn(this, options.name);
    if (isField) return undefined;
    const what = args.length === 1 ? 'helper or field' : 'helper';
    throw new HelperFailure(
      undefined,
      `unknown ${what} ${JSON.stringify(options.name)}`,
      options.loc,
    );
  });
}
