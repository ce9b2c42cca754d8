/**
 * Formats a JSON document as IMDS pretty-prints it (credentials, iam/info, the identity
 * document): objects one member per line with two-space indentation and ` : ` after the name,
 * arrays on one line (`[ "a", "b" ]`), empty containers as `{ }` and `[ ]`, no final newline.
 */
export function formatImdsJson(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[ ${value.map((item) => formatImdsJson(item, indent)).join(', ')} ]`;
  }
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value);
    if (members.length === 0) return '{ }';
    const inner = `${indent}  `;
    const lines = members.map(
      ([name, member]) => `${inner}${JSON.stringify(name)} : ${formatImdsJson(member, inner)}`,
    );
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
