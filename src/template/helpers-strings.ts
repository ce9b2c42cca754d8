import { argInt, argList, argString, type HelperTable } from './helpers-define.js';

/**
 * String helpers with Go's semantics: `base`, `dir` (path.Base, path.Dir), `split`, `join`,
 * `toUpper`, `toLower`, `contains`, `replace s old new n` (n < 0: all), `trimSuffix`,
 * `trimPrefix`, and `indent n text` (every line, sprig-style).
 */
export const stringHelpers: HelperTable = {
  base: { min: 1, fn: ([p]) => extractBase(argString(p, 'path')) },
  dir: { min: 1, fn: ([p]) => extractDir(argString(p, 'path')) },
  split: {
    min: 2,
    fn: ([s, sep]) => splitString(argString(s, 'string'), argString(sep, 'separator')),
  },
  join: {
    min: 2,
    fn: ([list, sep]) =>
      argList(list, 'list')
        .map((item) => argString(item, 'list item'))
        .join(argString(sep, 'separator')),
  },
  toUpper: { min: 1, fn: ([s]) => argString(s, 'string').toUpperCase() },
  toLower: { min: 1, fn: ([s]) => argString(s, 'string').toLowerCase() },
  contains: {
    min: 2,
    fn: ([s, sub]) => argString(s, 'string').includes(argString(sub, 'substring')),
  },
  replace: {
    min: 4,
    fn: ([s, from, to, n]) =>
      replaceN(
        argString(s, 'string'),
        argString(from, 'old'),
        argString(to, 'new'),
        argInt(n, 'n'),
      ),
  },
  trimSuffix: {
    min: 2,
    fn: ([s, suffix]) => trimSuffix(argString(s, 'string'), argString(suffix, 'suffix')),
  },
  trimPrefix: {
    min: 2,
    fn: ([s, prefix]) => trimPrefix(argString(s, 'string'), argString(prefix, 'prefix')),
  },
  indent: { min: 2, fn: ([n, text]) => indentLines(argInt(n, 'width'), argString(text, 'text')) },
};

// Go's path.Clean, enough for Base and Dir: '' -> '.', no trailing or doubled slashes.
function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const segment of p.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment !== '..') out.push(segment);
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (!rooted) out.push('..');
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

function extractBase(p: string): string {
  if (p === '') return '.';
  const trimmed = p.replace(/\/+$/u, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function extractDir(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

// strings.Split: an empty separator splits into characters; '' splits into [''].
function splitString(s: string, sep: string): string[] {
  return sep === '' ? Array.from(s) : s.split(sep);
}

// strings.Replace: the first n non-overlapping instances (all when n < 0).
function replaceN(s: string, from: string, to: string, n: number): string {
  if (n < 0) return s.replaceAll(from, to);
  if (from === '') {
    const chars = Array.from(s);
    const head = chars.slice(0, n).map((c) => to + c);
    const tail = chars.slice(n).join('');
    return head.join('') + (n > chars.length ? to : '') + tail;
  }
  let out = s;
  let from0 = 0;
  for (let done = 0; done < n; done++) {
    const at = out.indexOf(from, from0);
    if (at < 0) break;
    out = out.slice(0, at) + to + out.slice(at + from.length);
    from0 = at + to.length;
  }
  return out;
}

function trimSuffix(s: string, suffix: string): string {
  return suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
}

function trimPrefix(s: string, prefix: string): string {
  return s.startsWith(prefix) ? s.slice(prefix.length) : s;
}

function indentLines(width: number, text: string): string {
  if (width < 0) throw new Error(`width must not be negative, got ${width}`);
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line) => pad + line)
    .join('\n');
}
