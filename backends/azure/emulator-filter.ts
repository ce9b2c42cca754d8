import type { EmulatorResponse } from '../emulator/provider-routes.js';
import { errorResponse, jsonResponse, textResponse } from './emulator-responses.js';

/**
 * Answers a route-filtered request (`/metadata/instance/network/interface/0?format=...`): the
 * segments walk the document, objects by name and arrays by index. Without `format` or with
 * `format=json`, a sub-tree is JSON and a leaf is refused (IMDS wants `format=text` for a leaf);
 * with `format=text`, a leaf is its text and a sub-tree lists its children, one per line,
 * sub-trees with a trailing `/`.
 */
export function answerFiltered(
  document: unknown,
  segments: readonly string[],
  format: string | null,
): EmulatorResponse {
  if (format !== null && format !== 'json' && format !== 'text') {
    return errorResponse(400, `Bad request. Unsupported format "${format}": use json or text.`);
  }
  const node = findNode(document, segments);
  if (node === undefined) return errorResponse(404, 'Not found');
  const leaf = node === null || typeof node !== 'object';
  if (format === 'text') return textResponse(leaf ? String(node ?? '') : listChildren(node));
  if (leaf) {
    return errorResponse(
      400,
      'Bad request. A leaf node requires the query parameter format=text. For more information refer to aka.ms/azureimds',
    );
  }
  return jsonResponse(node);
}

function findNode(document: unknown, segments: readonly string[]): unknown {
  let node: unknown = document;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined;
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
    if (node === undefined) return undefined;
  }
  return node;
}

function listChildren(node: object): string {
  return Object.entries(node)
    .map(([name, child]) => (child !== null && typeof child === 'object' ? `${name}/` : name))
    .join('\n');
}
