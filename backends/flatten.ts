/**
 * Flattens a parsed JSON tree into `'/a/b'` keys: object members by name, array elements by index
 * (`/network/interface/0/ipv4/ipAddress/0/privateIpAddress`), primitives as strings (`true`,
 * `42`, `"text"`). A `null` leaf becomes the empty string, so the key exists and reads as unset;
 * empty objects and arrays contribute no key. A primitive at the root is stored under `prefix`
 * itself (or `/` when the prefix is empty). Member names are used as they are; a `/` inside a
 * name is not escaped. Callers that need exact big integers parse them into strings first.
 *
 * @param value the parsed JSON value
 * @param prefix the key under which the tree sits, e.g. `/instance` (no trailing slash), or `''`
 */
export function flattenJson(value: unknown, prefix: string): Map<string, string> {
  const out = new Map<string, string>();
  addFlattened(out, value, prefix);
  return out;
}

// Depth-first walk appending one key per leaf.
function addFlattened(out: Map<string, string>, value: unknown, key: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => addFlattened(out, item, `${key}/${index}`));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) addFlattened(out, child, `${key}/${name}`);
    return;
  }
  out.set(key === '' ? '/' : key, stringifyLeaf(value));
}

// JSON primitives as text; null (and anything non-JSON such as undefined) as the empty string.
function stringifyLeaf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return '';
}
