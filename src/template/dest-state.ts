import { readFile, stat } from 'node:fs/promises';
import { WriteError } from '../errors.js';
import type { TemplateResource } from './resource.js';
import type { FileSpec } from './write-atomic.js';

/** What a destination holds now. */
export interface DestState {
  readonly content: Buffer;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** The destination's content, mode and owner, or `undefined` when it does not exist yet. */
export async function readDestState(dest: string): Promise<DestState | undefined> {
  try {
    const stats = await stat(dest);
    return {
      content: await readFile(dest),
      mode: stats.mode & 0o7777,
      uid: stats.uid,
      gid: stats.gid,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new WriteError('CONFD_WRITE', `cannot read ${dest}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/**
 * The file the resource wants. Unset fields keep what the destination has, else: mode 0644 (as
 * confd), owner and group of this process. confd always defaults the owner to the process's; we
 * keep an existing destination's owner instead, as we keep its mode, so that a file an admin
 * chowned to a service is not taken back by root at the next poll.
 */
export function resolveFileSpec(
  resource: TemplateResource,
  content: string,
  current: DestState | undefined,
): FileSpec {
  return {
    content,
    mode: resource.mode ?? current?.mode ?? 0o644,
    uid: resource.uid ?? current?.uid ?? process.geteuid?.() ?? 0,
    gid: resource.gid ?? current?.gid ?? process.getegid?.() ?? 0,
  };
}

/** True when the destination already has exactly this content, mode and owner. */
export function isInSync(current: DestState | undefined, spec: FileSpec): boolean {
  return (
    current !== undefined &&
    current.mode === spec.mode &&
    current.uid === spec.uid &&
    current.gid === spec.gid &&
    current.content.equals(Buffer.from(spec.content, 'utf8'))
  );
}
