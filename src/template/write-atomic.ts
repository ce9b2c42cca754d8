import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename as renameFile, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { WriteError } from '../errors.js';

/** What a destination must hold: its content, permission bits and owner. */
export interface FileSpec {
  readonly content: string;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** `fs.promises.rename`, or a substitute in tests. */
export type RenameFile = (from: string, to: string) => Promise<void>;

/** How {@link installStageFile} put the content in place. */
export type InstallMethod = 'rename' | 'in-place';

/**
 * Write `spec` to a new stage file `.<basename>.<random>` in the destination's directory (so
 * that the final rename stays on one filesystem) and return its path. The file is created with
 * O_EXCL and at most the final mode's owner bits, then chowned and chmodded to exactly
 * `spec.mode` before any content is written: the umask never matters and the content is never
 * readable by anyone the final file would not allow. A missing destination directory is created
 * (mode 0755), as consul-template does, so a fresh machine needs no mkdir step before the first run.
 */
export async function writeStageFile(dest: string, spec: FileSpec): Promise<string> {
  const dir = dirname(dest);
  const stage = join(dir, `.${basename(dest)}.${randomBytes(6).toString('hex')}`);
  let handle: FileHandle;
  try {
    await mkdir(dir, { recursive: true, mode: 0o755 });
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    handle = await open(stage, flags, spec.mode & 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR' || code === 'EEXIST'
        ? `the destination directory ${dir} cannot be created: a path component is not a directory`
        : `cannot create a stage file in ${dir}: ${(err as Error).message}`;
    throw new WriteError('CONFD_WRITE', `${reason} (dest ${dest})`, { cause: err });
  }
  try {
    await applyOwnerAndMode(handle, stage, spec);
    await handle.writeFile(spec.content);
    await handle.sync();
    await handle.close();
    return stage;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(stage, { force: true });
    throw asWriteError(err, `cannot write stage file ${stage}`);
  }
}

/**
 * Move the stage file over `dest` and fsync the directory so that the rename survives a crash.
 * Where the destination cannot be replaced (EBUSY: it is a bind-mounted file, as Docker and
 * Kubernetes mount single files; EXDEV: it sits on another mount than its directory), the
 * content is written into the existing file instead and the stage file removed. That write is
 * not atomic: a reader may briefly see a truncated file, which is the price of a mounted file.
 */
export async function installStageFile(
  stage: string,
  dest: string,
  spec: FileSpec,
  rename: RenameFile = renameFile,
): Promise<InstallMethod> {
  try {
    await rename(stage, dest);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV') {
      throw asWriteError(err, `cannot rename ${stage} to ${dest}`);
    }
    await writeInPlace(dest, spec);
    await rm(stage, { force: true });
    return 'in-place';
  }
  await syncDirectory(dirname(dest));
  return 'rename';
}

// Overwrite an existing file's content, setting owner and mode first so that the new content
// is never exposed under the old, possibly wider, permissions.
async function writeInPlace(dest: string, spec: FileSpec): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dest, constants.O_WRONLY);
    await applyOwnerAndMode(handle, dest, spec);
    await handle.truncate(0);
    await handle.writeFile(spec.content);
    await handle.sync();
  } catch (err) {
    throw asWriteError(err, `cannot write ${dest} in place (rename was refused)`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

// chown before chmod: Linux may clear setuid/setgid bits on chown.
async function applyOwnerAndMode(handle: FileHandle, path: string, spec: FileSpec): Promise<void> {
  try {
    await handle.chown(spec.uid, spec.gid);
  } catch (err) {
    throw asWriteError(err, `cannot chown ${path} to ${spec.uid}:${spec.gid}`);
  }
  await handle.chmod(spec.mode);
}

// Make a completed rename durable. Some filesystems cannot fsync a directory (EINVAL); the
// rename has happened by then, so that is not a failure of the resource.
async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP') throw asWriteError(err, `cannot fsync ${dir}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function asWriteError(err: unknown, context: string): WriteError {
  if (err instanceof WriteError) return err;
  return new WriteError('CONFD_WRITE', `${context}: ${(err as Error).message}`, { cause: err });
}
