import { createHash } from 'node:crypto';
import { flattenJson } from '../flatten.js';
import { stringifyBigJson, type BigJson, type BigJsonObject } from './big-json.js';
import { mapToRestNames, toRestName } from './names.js';

/** A node of the emulator's data (recursive JSON, camelCase), found by its URL path. */
export interface FoundNode {
  readonly value: BigJson;
  /** Its URL path under `/computeMetadata/v1`, e.g. `['instance', 'machine-type']`. */
  readonly path: readonly string[];
  readonly isDirectory: boolean;
}

/** How to render a node: its body and ETag (taken from the default format, whatever `alt` is). */
export interface RenderedNode {
  readonly body: string;
  readonly json: boolean;
  readonly etag: string;
}

// Lists of objects, and these lists of addresses, are directories of indexes (`forwarded-ips/0`);
// other lists (`tags`, `scopes`, `dns-servers`) are one value, a line per item as text.
const indexedLists = new Set(['forwarded-ips', 'ip-aliases', 'target-instance-ips']);

/** The node at URL path `segments`, or undefined. */
export function findNode(root: BigJsonObject, segments: readonly string[]): FoundNode | undefined {
  let node: FoundNode = { value: root, path: [], isDirectory: true };
  for (const segment of segments) {
    const child = findChild(node, segment);
    if (child === undefined) return undefined;
    node = child;
  }
  return node;
}

/** The node as the server answers it: listing, recursive JSON or text, or leaf. */
export function renderNode(node: FoundNode, recursive: boolean, alt: string | null): RenderedNode {
  const jsonByDefault = (recursive && node.isDirectory) || node.path.join('/') === 'instance/tags';
  const json = alt === 'json' || (alt !== 'text' && jsonByDefault);
  const body = renderBody(node, recursive, json);
  const defaultBody = json === jsonByDefault ? body : renderBody(node, recursive, jsonByDefault);
  return { body, json, etag: computeEtag(defaultBody) };
}

/** An ETag as GCE writes them: 16 hex digits, from the body. */
export function computeEtag(body: string): string {
  return createHash('md5').update(body).digest('hex').slice(16);
}

function findChild(node: FoundNode, segment: string): FoundNode | undefined {
  const { value, path } = node;
  let found: [string, BigJson] | undefined;
  if (Array.isArray(value) && node.isDirectory && /^(0|[1-9]\d*)$/.test(segment)) {
    const item = value[Number(segment)];
    found = item === undefined ? undefined : [segment, item];
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const name = Object.keys(value).find((key) => toRestName(path, key) === segment);
    found = name === undefined ? undefined : [segment, value[name] as BigJson];
  }
  if (found === undefined || !node.isDirectory) return undefined;
  const [restName, child] = found;
  return { value: child, path: [...path, restName], isDirectory: isDirectory(child, restName) };
}

function isDirectory(value: BigJson, restName: string): boolean {
  if (Array.isArray(value)) {
    return (
      indexedLists.has(restName) || value.some((item) => item !== null && typeof item === 'object')
    );
  }
  return value !== null && typeof value === 'object';
}

function renderBody(node: FoundNode, recursive: boolean, json: boolean): string {
  if (!node.isDirectory) return json ? stringifyBigJson(node.value) : renderLeafText(node.value);
  if (recursive) return json ? stringifyBigJson(node.value) : renderRecursiveText(node);
  const names = listEntries(node);
  return json ? JSON.stringify(names) : names.map((name) => `${name}\n`).join('');
}

// A service account also lists the `identity` and `token` endpoints, as GCE does.
function listEntries(node: FoundNode): string[] {
  const names: string[] = [];
  const entries = Array.isArray(node.value)
    ? node.value.map((item, index): [string, BigJson] => [String(index), item])
    : Object.entries(node.value as BigJsonObject).map(([key, item]): [string, BigJson] => [
        toRestName(node.path, key),
        item,
      ]);
  for (const [name, item] of entries) names.push(isDirectory(item, name) ? `${name}/` : name);
  const [top, directory] = node.path;
  if (top === 'instance' && directory === 'service-accounts' && node.path.length === 3)
    names.push('identity', 'token');
  return Array.isArray(node.value) ? names : names.sort();
}

function renderLeafText(value: BigJson): string {
  if (Array.isArray(value)) return value.map((item) => `${renderLeafText(item)}\n`).join('');
  if (value === null) return '';
  return typeof value === 'string' ? value : stringifyBigJson(value);
}

// `?recursive=true&alt=text`: one `path value` line per leaf, under URL names.
function renderRecursiveText(node: FoundNode): string {
  const leaves = flattenJson(mapToRestNames(node.value, node.path), '');
  return [...leaves].map(([key, value]) => `${key.slice(1)} ${value}\n`).join('');
}
