/**
 * Compiles a Go `path.Match` pattern into an anchored RegExp: `*` matches any run of
 * characters other than `/`, `?` one character other than `/`, `[a-z]` / `[^0-9]` a class,
 * `\x` a literal `x`. Throws an Error naming the pattern when it is malformed (Go's
 * `ErrBadPattern`), e.g. an unclosed `[` or a trailing `\`.
 */
export function compilePathPattern(pattern: string): RegExp {
  const chars = Array.from(pattern);
  let source = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      i++;
      source += escapeLiteral(requireChar(chars, i, pattern));
    } else if (c === '[') {
      const cls = readClass(chars, i + 1, pattern);
      source += cls.source;
      i = cls.end;
    } else source += escapeLiteral(c);
  }
  return new RegExp(`^${source}$`, 'u');
}

// Reads a `[...]` class starting after its `[`; returns its RegExp source and the index of `]`.
function readClass(
  chars: string[],
  start: number,
  pattern: string,
): { source: string; end: number } {
  let i = start;
  let negate = false;
  if (chars[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let ranges = 0;
  while (ranges === 0 || chars[i] !== ']') {
    const lo = readClassChar(chars, i, pattern);
    i = lo.next;
    let hi = lo.char;
    if (chars[i] === '-') {
      const end = readClassChar(chars, i + 1, pattern);
      hi = end.char;
      i = end.next;
    }
    if (lo.char > hi) throw badPattern(pattern);
    body += lo.char === hi ? escapeClass(lo.char) : `${escapeClass(lo.char)}-${escapeClass(hi)}`;
    ranges++;
  }
  return { source: `[${negate ? '^' : ''}${body}]`, end: i };
}

// One class member: a plain character or `\x`; an unescaped `-` or `]` here is malformed (as in Go).
function readClassChar(
  chars: string[],
  i: number,
  pattern: string,
): { char: string; next: number } {
  const c = requireChar(chars, i, pattern);
  if (c === '-' || c === ']') throw badPattern(pattern);
  if (c === '\\') return { char: requireChar(chars, i + 1, pattern), next: i + 2 };
  return { char: c, next: i + 1 };
}

function requireChar(chars: string[], i: number, pattern: string): string {
  const c = chars[i];
  if (c === undefined) throw badPattern(pattern);
  return c;
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/u.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\\\]^[-]/u.test(c) ? `\\${c}` : c;
}

function badPattern(pattern: string): Error {
  return new Error(`syntax error in pattern ${JSON.stringify(pattern)}`);
}
