import { createTwoFilesPatch } from 'diff';
import type { DestState } from './dest-state.js';
import type { FileSpec } from './write-atomic.js';

/**
 * A unified diff from the destination as it is to `spec`, labelled with the destination path
 * (`/dev/null` for a file that does not exist yet). Mode and owner changes come first, as
 * `# mode 0644 -> 0600` and `# owner 0:0 -> 65534:65534` lines, which `patch` ignores.
 * The text holds rendered values: it must go through the scrubbing logger, never to a log as is.
 */
export function createDiff(dest: string, current: DestState | undefined, spec: FileSpec): string {
  const notes: string[] = [];
  if (current !== undefined && current.mode !== spec.mode) {
    notes.push(`# mode ${formatMode(current.mode)} -> ${formatMode(spec.mode)}\n`);
  }
  if (current !== undefined && (current.uid !== spec.uid || current.gid !== spec.gid)) {
    notes.push(`# owner ${current.uid}:${current.gid} -> ${spec.uid}:${spec.gid}\n`);
  }
  const before = current?.content.toString('utf8') ?? '';
  if (current !== undefined && before === spec.content) return notes.join('');
  const patch = createTwoFilesPatch(
    current === undefined ? '/dev/null' : dest,
    dest,
    before,
    spec.content,
  );
  return notes.join('') + patch;
}

function formatMode(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
