import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { ConfdError, WriteError } from '../errors.js';
import { expandCommand, runCommand, type CommandResult } from './commands.js';
import { isInSync, readDestState, resolveFileSpec } from './dest-state.js';
import { createDiff } from './diff.js';
import type { TemplateResource } from './resource.js';
import {
  installStageFile,
  writeStageFile,
  type InstallMethod,
  type RenameFile,
} from './write-atomic.js';

/** Flags of one pass, from `--noop`, `--diff`, `--sync-only`, `--keep-stage-file`. */
export interface SyncOptions {
  /** Compare only: write nothing, run nothing, create no stage file (unless `keepStageFile`). */
  readonly noop?: boolean;
  /** Return a unified diff of the destination against the new content when they differ. */
  readonly diff?: boolean;
  /** Write the file but run neither `check_cmd` nor `reload_cmd`. */
  readonly syncOnly?: boolean;
  /** Leave the stage file behind when it is not renamed into place (see {@link SyncResult.stageFile}). */
  readonly keepStageFile?: boolean;
  /** Time limit of `check_cmd` and of `reload_cmd` each. Default 60 s. */
  readonly commandTimeoutMs?: number;
  /** Replaces `fs.promises.rename` (tests of the EBUSY/EXDEV fallback). */
  readonly rename?: RenameFile;
}

/** `would-change` is noop's `changed`. */
export type SyncStatus = 'unchanged' | 'changed' | 'would-change' | 'failed';

/** The outcome of one resource; the fields feed logs, metrics and `/ready/detailed`. */
export interface SyncResult {
  readonly dest: string;
  readonly status: SyncStatus;
  /** `failed`: why; `changed`: set when `reload_cmd` failed (the file was written). */
  readonly error?: ConfdError;
  readonly diff?: string;
  readonly check?: CommandResult;
  readonly reload?: CommandResult;
  /** Set when the file was written: replaced by rename, or in place for a mounted file. */
  readonly method?: InstallMethod;
  /** Path of the stage file left behind (`keepStageFile` only). */
  readonly stageFile?: string;
  readonly durationMs: number;
}

/**
 * Bring `resource.dest` to `content` with the resource's mode and owner (SPEC section 2, steps
 * 3 to 7). Never throws: failures come back as `status: 'failed'`, with the destination exactly
 * as it was and no stage file left (unless `keepStageFile`). A failed `reload_cmd` is
 * `changed` with `error` set. The content is compared before anything is written, so an
 * unchanged file costs no write. As in confd, with `keepStageFile` a stage file that was renamed
 * into place is gone; it stays when it was not used (noop, failed check).
 */
export async function syncResource(
  resource: TemplateResource,
  content: string,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const started = performance.now();
  const { dest } = resource;
  const result: { -readonly [K in keyof SyncResult]: SyncResult[K] } = {
    dest,
    status: 'failed',
    durationMs: 0,
  };
  let stage: string | undefined;
  try {
    const current = await readDestState(dest);
    const spec = resolveFileSpec(resource, content, current);
    const inSync = isInSync(current, spec);
    if (options.diff === true && !inSync) result.diff = createDiff(dest, current, spec);
    if (options.noop === true) {
      if (options.keepStageFile === true) stage = await writeStageFile(dest, spec);
      result.status = inSync ? 'unchanged' : 'would-change';
      return result;
    }
    if (inSync) {
      result.status = 'unchanged';
      return result;
    }
    stage = await writeStageFile(dest, spec);
    const runs = options.syncOnly !== true;
    const timeoutMs = options.commandTimeoutMs ?? 60_000;
    if (runs && resource.checkCmd !== undefined) {
      result.check = await runCommand(expandCommand(resource.checkCmd, { src: stage, dest }), {
        timeoutMs,
      });
      if (!result.check.ok) throw commandError('CONFD_CHECK_CMD', 'check_cmd', dest, result.check);
    }
    result.method = await installStageFile(stage, dest, spec, options.rename);
    stage = undefined;
    result.status = 'changed';
    if (runs && resource.reloadCmd !== undefined) {
      result.reload = await runCommand(expandCommand(resource.reloadCmd, { src: dest, dest }), {
        timeoutMs,
      });
      if (!result.reload.ok)
        result.error = commandError('CONFD_RELOAD_CMD', 'reload_cmd', dest, result.reload);
    }
    return result;
  } catch (err) {
    result.status = 'failed';
    result.error =
      err instanceof ConfdError
        ? err
        : new WriteError('CONFD_WRITE', `${dest}: ${String(err)}`, { cause: err });
    return result;
  } finally {
    if (stage !== undefined && options.keepStageFile === true) result.stageFile = stage;
    else if (stage !== undefined) await removeStageFile(stage, result);
    result.durationMs = performance.now() - started;
  }
}

// Remove a stage file that was not used; failing to is reported, never thrown.
async function removeStageFile(
  stage: string,
  result: { status: SyncStatus; error?: ConfdError },
): Promise<void> {
  try {
    await rm(stage, { force: true });
  } catch (err) {
    result.status = 'failed';
    result.error ??= new WriteError(
      'CONFD_WRITE',
      `cannot remove stage file ${stage}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

// "check_cmd for /etc/app.conf exited with code 1 (nginx -t -c ...)". The output stays in the
// CommandResult: it may quote the rendered file, so only the logger (which redacts) may print it.
function commandError(
  code: 'CONFD_CHECK_CMD' | 'CONFD_RELOAD_CMD',
  field: string,
  dest: string,
  run: CommandResult,
): WriteError {
  const how = run.timedOut
    ? 'timed out and was killed'
    : run.exitCode === null
      ? `was killed by ${run.signal ?? 'a signal'}`
      : `exited with code ${run.exitCode}`;
  return new WriteError(code, `${field} for ${dest} ${how} (${run.command})`);
}
