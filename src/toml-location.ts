/**
 * The 1-based line where `key` is assigned in TOML `text` (optionally inside `[table]`), or 1.
 * smol-toml reports positions only for syntax errors; semantic errors (unknown field, wrong type)
 * need this so that messages can still name the line.
 */
export function findKeyLine(text: string, key: string, table?: string): number {
  const lines = text.split('\n');
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const assignment = new RegExp(`^\\s*["']?${escaped}["']?\\s*=`);
  let currentTable = '';
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) currentTable = header[1] ?? '';
    else if ((table === undefined || currentTable === table) && assignment.test(line))
      return index + 1;
  }
  return 1;
}
