import { formatImdsJson } from './emulator-json.js';

/** A value IMDS serves as text: a plain string, or a JSON document it pretty-prints. */
export type MetadataLeaf =
  { readonly kind: 'text'; text: string } | { readonly kind: 'json'; document: unknown };

/** A directory of the metadata tree; names are path segments (`0=my-key` for public keys). */
export interface MetadataDirectory {
  readonly kind: 'directory';
  readonly entries: Map<string, MetadataNode>;
}

export type MetadataNode = MetadataLeaf | MetadataDirectory;

/** The emulator's data: the tree under `/latest/` (`meta-data`, `dynamic`, `user-data`). */
export type MetadataTree = MetadataDirectory;

/** An empty directory. */
export function createDirectory(): MetadataDirectory {
  return { kind: 'directory', entries: new Map() };
}

/** The node at `segments`; a segment `N` also finds the entry named `N=name`, as IMDS addresses public keys. */
export function findNode(
  root: MetadataDirectory,
  segments: readonly string[],
): MetadataNode | undefined {
  let node: MetadataNode = root;
  for (const segment of segments) {
    if (node.kind !== 'directory') return undefined;
    const next = lookupEntry(node, segment);
    if (next === undefined) return undefined;
    node = next;
  }
  return node;
}

/** A directory's listing as IMDS writes it: one entry per line, directories end with `/`, no final newline. */
export function listDirectory(directory: MetadataDirectory): string {
  return [...directory.entries]
    .map(([name, node]) => (node.kind === 'directory' && !name.includes('=') ? `${name}/` : name))
    .join('\n');
}

/** A leaf's body as IMDS serves it. */
export function renderLeaf(leaf: MetadataLeaf): string {
  return leaf.kind === 'text' ? leaf.text : formatImdsJson(leaf.document);
}

// Exact names first; `N=name` entries answer to `N` only.
function lookupEntry(directory: MetadataDirectory, segment: string): MetadataNode | undefined {
  if (!segment.includes('=')) {
    const exact = directory.entries.get(segment);
    if (exact !== undefined) return exact;
  }
  for (const [name, node] of directory.entries) {
    if (name.startsWith(`${segment}=`)) return node;
  }
  return undefined;
}
