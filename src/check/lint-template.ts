import Handlebars from 'handlebars';
import { helperNames } from '../template/helpers.js';
import { isUnderKey, joinKey } from '../template/key-prefix.js';

/** A problem found by reading a template without rendering it; `line` is 1-based. */
export interface TemplateLintProblem {
  readonly line: number;
  readonly message: string;
}

type Node = hbs.AST.Node;
type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** Every field through which a Handlebars node holds other nodes. */
interface LooseNode {
  readonly path?: hbs.AST.PathExpression | hbs.AST.Literal;
  readonly params?: Node[];
  readonly hash?: hbs.AST.Hash;
  readonly body?: Node[];
  readonly program?: hbs.AST.Program;
  readonly inverse?: hbs.AST.Program;
}

/** The key helpers, and what their first argument names. */
const keyArguments: Readonly<Record<string, 'key' | 'pattern' | 'directory'>> = {
  getv: 'key',
  get: 'key',
  exists: 'key',
  gets: 'pattern',
  getvs: 'pattern',
  ls: 'directory',
  lsdir: 'directory',
};

/** Blocks that render their body with the same context (root stays root inside them). */
const sameContextBlocks = new Set(['if', 'unless']);

const knownHelpers = new Set(helperNames);

/**
 * Reads a template that compiles and reports what is statically wrong: calls of unknown
 * helpers (`{{foo 1}}`, `(foo)`, and a bare `{{foo}}` at the root, whose context is always
 * empty), and string-literal keys of getv/get/exists/gets/getvs/ls/lsdir that fall outside
 * `visibleKeys` (the keys of the resource named `resourceName` as the template sees them, its
 * prefix stripped).
 */
export function lintTemplate(
  source: string,
  visibleKeys: readonly string[],
  resourceName: string,
): TemplateLintProblem[] {
  const problems: TemplateLintProblem[] = [];
  const visit = (node: Node, atRoot: boolean): void => {
    if (isCall(node)) checkCall(node, atRoot, { visibleKeys, resourceName }, problems);
    for (const [child, childAtRoot] of childrenOf(node, atRoot)) visit(child, childAtRoot);
  };
  visit(Handlebars.parse(source), true);
  return problems.sort((a, b) => a.line - b.line);
}

// Unknown helper names, then the key argument of a key helper.
function checkCall(
  call: Call,
  atRoot: boolean,
  resource: { visibleKeys: readonly string[]; resourceName: string },
  problems: TemplateLintProblem[],
): void {
  const name = simpleName(call.path);
  if (name === undefined) return;
  const line = call.loc.start.line;
  const hasArguments = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
  const isHelperCall = call.type === 'SubExpression' || hasArguments;
  if (!knownHelpers.has(name)) {
    if (isHelperCall) problems.push({ line, message: `unknown helper ${JSON.stringify(name)}` });
    else if (atRoot && call.type === 'MustacheStatement')
      problems.push({ line, message: `unknown helper or field ${JSON.stringify(name)}` });
    return;
  }
  const kind = keyArguments[name];
  const first = call.params[0];
  if (kind === undefined || first?.type !== 'StringLiteral') return;
  const key = (first as hbs.AST.StringLiteral).value;
  if (isVisible(kind, key, resource.visibleKeys)) return;
  const keys = resource.visibleKeys.join(', ');
  problems.push({
    line,
    message: `${name}: ${kind} ${JSON.stringify(key)} is outside the keys of ${resource.resourceName} (${keys})`,
  });
}

// Whether any key the template can see could be named by `key` used as `kind`.
function isVisible(
  kind: 'key' | 'pattern' | 'directory',
  key: string,
  visibleKeys: readonly string[],
): boolean {
  if (kind === 'key') return visibleKeys.some((visible) => isUnderKey(key, visible));
  if (kind === 'directory') {
    const dir = joinKey(key);
    return visibleKeys.some((visible) => isUnderKey(dir, visible) || isUnderKey(visible, dir));
  }
  const firstSpecial = key.search(/[*?[\\]/u);
  const literal = firstSpecial === -1 ? key : key.slice(0, firstSpecial);
  return visibleKeys.some(
    (visible) =>
      visible === '/' || isUnderKey(literal, visible) || `${visible}/`.startsWith(literal),
  );
}

function isCall(node: Node): node is Call {
  return ['MustacheStatement', 'BlockStatement', 'SubExpression'].includes(node.type);
}

// `foo` in `{{foo ...}}`; undefined for `this.foo`, `../foo`, `@index` and literals.
function simpleName(path: hbs.AST.PathExpression | hbs.AST.Literal): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const expression = path as hbs.AST.PathExpression;
  const [name] = expression.parts;
  const plain = !expression.data && expression.depth === 0 && expression.parts.length === 1;
  return plain && name === expression.original ? name : undefined;
}

// The nodes below `node`, each with whether its context is still the (empty) root context.
function childrenOf(node: Node, atRoot: boolean): [Node, boolean][] {
  const loose = node as LooseNode;
  const expressions: Node[] = [...(loose.params ?? []), ...(loose.hash?.pairs ?? [])];
  if (node.type === 'HashPair') expressions.push((node as hbs.AST.HashPair).value);
  const children: [Node, boolean][] = expressions.map((child) => [child, atRoot]);
  for (const statement of loose.body ?? []) children.push([statement, atRoot]);
  const name = loose.path && simpleName(loose.path);
  const bodyAtRoot = atRoot && name !== undefined && sameContextBlocks.has(name);
  if (loose.program) children.push([loose.program, bodyAtRoot]);
  if (loose.inverse) children.push([loose.inverse, atRoot]);
  return children;
}
