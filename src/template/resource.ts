import { join, resolve } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { findKeyLine } from '../toml-location.js';
import { joinKey } from './key-prefix.js';
import { lookupId, type IdKind } from './owner.js';
import { ResourceError } from './resource-error.js';

/** One parsed `conf.d/*.toml` template resource (SPEC section 2). Frozen. */
export interface TemplateResource {
  /** The TOML file it came from, as given to {@link parseResource}. */
  readonly file: string;
  /** Absolute path of the template under `<confdir>/templates`. */
  readonly src: string;
  /** Absolute destination path (a relative `dest` is resolved against the confdir). */
  readonly dest: string;
  /** `--prefix` joined with the resource's `prefix`, normalized (`/` when neither is set). */
  readonly prefix: string;
  /** Key prefixes to fetch, with {@link prefix} joined in front; `stripKeyPrefix` gives the template's view. */
  readonly keys: readonly string[];
  /** Permission bits; `undefined` keeps the existing destination's mode, else 0644. */
  readonly mode: number | undefined;
  /** Owner and group ids; `undefined` keeps the existing destination's, else the process's. */
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly checkCmd: string | undefined;
  readonly reloadCmd: string | undefined;
}

/** Where a resource lives and the global `--prefix`. */
export interface ResourceContext {
  readonly confdir: string;
  readonly prefix?: string;
}

type FieldType = 'string' | 'integer' | 'strings';
const FIELDS: Readonly<Record<string, FieldType>> = {
  src: 'string',
  dest: 'string',
  keys: 'strings',
  prefix: 'string',
  mode: 'string',
  uid: 'integer',
  gid: 'integer',
  owner: 'string',
  group: 'string',
  check_cmd: 'string',
  reload_cmd: 'string',
};

/**
 * Parse the text of one template resource file. Throws {@link ResourceError} naming the file,
 * line and field on a TOML syntax error, an unknown table or field, a wrong type, a missing
 * `src`/`dest`/`keys`, a bad `mode`, `owner` together with `uid` (or `group` with `gid`), or an
 * unknown owner or group name.
 */
export async function parseResource(
  file: string,
  text: string,
  context: ResourceContext,
): Promise<TemplateResource> {
  const fail = (problem: string, field?: string, line?: number): ResourceError =>
    new ResourceError(problem, {
      file,
      field: field === undefined ? undefined : `template.${field}`,
      line: line ?? (field === undefined ? undefined : findFieldLine(text, field)),
    });
  const table = readTemplateTable(file, text);
  for (const [field, value] of Object.entries(table)) checkField(field, value, fail);
  for (const field of ['src', 'dest', 'keys'] as const) {
    if (table[field] === undefined || table[field] === '') {
      throw fail(`missing required field`, field, findTableLine(text, 'template'));
    }
  }
  if ((table.keys as string[]).length === 0) throw fail('must list at least one key', 'keys');
  const prefix = joinKey(context.prefix ?? '', (table.prefix as string | undefined) ?? '');
  return Object.freeze({
    file,
    src: join(context.confdir, 'templates', table.src as string),
    dest: resolve(context.confdir, table.dest as string),
    prefix,
    keys: Object.freeze((table.keys as string[]).map((key) => joinKey(prefix, key))),
    mode: table.mode === undefined ? undefined : parseMode(table.mode as string, fail),
    uid: await resolveId('user', table, 'uid', 'owner', fail),
    gid: await resolveId('group', table, 'gid', 'group', fail),
    checkCmd: nonEmpty(table.check_cmd),
    reloadCmd: nonEmpty(table.reload_cmd),
  });
}

type Fail = (problem: string, field?: string, line?: number) => ResourceError;

// Parse the TOML and return its [template] table, rejecting anything else at the top level.
function readTemplateTable(file: string, text: string): Record<string, unknown> {
  let document: Record<string, unknown>;
  try {
    document = parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const problem = err.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '');
    throw new ResourceError(`TOML syntax error: ${problem} (column ${err.column})`, {
      file,
      line: err.line,
      cause: err,
    });
  }
  for (const name of Object.keys(document)) {
    if (name === 'template') continue;
    const line = findTableLine(text, name) ?? findKeyLine(text, name, '');
    throw new ResourceError(
      `unknown top-level table or field "${name}" (only [template] is allowed)`,
      {
        file,
        line,
        field: name,
      },
    );
  }
  const table = document.template;
  if (table === undefined) throw new ResourceError('missing [template] table', { file });
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    const line = findTableLine(text, 'template') ?? findKeyLine(text, 'template', '');
    throw new ResourceError('must be a table: write [template]', { file, line, field: 'template' });
  }
  return table as Record<string, unknown>;
}

// Reject an unknown field or a value of the wrong type.
function checkField(field: string, value: unknown, fail: Fail): void {
  const type = FIELDS[field];
  if (type === undefined) {
    throw fail(`unknown field (expected one of: ${Object.keys(FIELDS).join(', ')})`, field);
  }
  if (field === 'mode' && typeof value === 'number') {
    throw fail(`must be an octal string such as "0644", got the number ${value}`, field);
  }
  const ok =
    type === 'string'
      ? typeof value === 'string'
      : type === 'integer'
        ? Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) < 2 ** 32 - 1
        : Array.isArray(value) && value.every((key) => typeof key === 'string' && key !== '');
  if (!ok) throw fail(`must be ${describeType(type)}, got ${JSON.stringify(value)}`, field);
}

function describeType(type: FieldType): string {
  if (type === 'strings') return 'an array of non-empty strings';
  return type === 'string' ? 'a string' : 'a non-negative integer id';
}

// "0644", "644", "0o644" and "04755" are octal permission bits.
function parseMode(mode: string, fail: Fail): number {
  const match = /^(?:0o?)?([0-7]{3,4})$/.exec(mode);
  if (match?.[1] === undefined) {
    throw fail(
      `must be an octal string such as "0644" or "644", got ${JSON.stringify(mode)}`,
      'mode',
    );
  }
  return Number.parseInt(match[1], 8);
}

// Take the numeric id field, or resolve the name field; both at once is an error.
async function resolveId(
  kind: IdKind,
  table: Record<string, unknown>,
  idField: 'uid' | 'gid',
  nameField: 'owner' | 'group',
  fail: Fail,
): Promise<number | undefined> {
  const name = table[nameField] as string | undefined;
  if (name === undefined || name === '') return table[idField] as number | undefined;
  if (table[idField] !== undefined) {
    throw fail(`cannot be combined with ${idField}: set one of them`, nameField);
  }
  const id = await lookupId(kind, name);
  if (id === undefined) throw fail(`unknown ${kind} "${name}"`, nameField);
  return id;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

// The line of `field = ...` in [template], or of a `[template.field]` sub-table.
function findFieldLine(text: string, field: string): number {
  return findTableLine(text, `template.${field}`) ?? findKeyLine(text, field, 'template');
}

// The 1-based line of the `[name]` header, or undefined.
function findTableLine(text: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const header = new RegExp(`^\\s*\\[\\[?\\s*["']?${escaped}["']?\\s*\\]`);
  const index = text.split('\n').findIndex((line) => header.test(line));
  return index === -1 ? undefined : index + 1;
}
