import { ExitCode, isUnreachable } from '../errors.js';
import type { Logger } from '../log.js';
import type { SyncOptions } from '../template/sync-resource.js';
import { processResource, type LoadedResource, type ResourceOutcome } from './process-resource.js';
import { snapshotKey, type SnapshotStore } from './snapshot-store.js';

/** The result of processing every resource once. */
export interface PassResult {
  readonly outcomes: readonly ResourceOutcome[];
  /** True when no fetch reached the metadata service at all. */
  readonly unreachable: boolean;
  readonly durationMs: number;
}

export interface PassContext {
  readonly store: SnapshotStore;
  readonly syncOptions: SyncOptions;
  readonly logger: Logger;
  /** Where `--noop --diff` prints diffs. */
  readonly printDiff: (diff: string) => void;
  /** Checked between resources: a stop finishes the resource in flight, then returns. */
  readonly signal?: AbortSignal;
}

/** One poll: fetch every resource's keys into a new snapshot, then process the resources in order. */
export async function runPass(
  resources: readonly LoadedResource[],
  context: PassContext,
): Promise<PassResult> {
  const started = performance.now();
  // The fetch is not aborted by a stop: it is bounded by request timeouts and retries anyway.
  const snapshot = await context.store.refresh(resources.map((loaded) => loaded.resource.keys));
  const fetchErrors = [...snapshot.values()].flatMap((fetched) =>
    'error' in fetched ? [fetched.error] : [],
  );
  const unreachable =
    snapshot.size > 0 && fetchErrors.length === snapshot.size && fetchErrors.every(isUnreachable);
  if (unreachable) context.logger.error({ err: fetchErrors[0] }, 'metadata service unreachable');
  const outcomes = await context.store.read(async (current) => {
    const done: ResourceOutcome[] = [];
    for (const loaded of resources) {
      if (context.signal?.aborted) break;
      const fetched = current.get(snapshotKey(loaded.resource.keys));
      const outcome = await processResource(loaded, fetched, context.syncOptions, context.logger);
      if (outcome.diff) context.printDiff(outcome.diff);
      done.push(outcome);
    }
    return done;
  });
  return { outcomes, unreachable, durationMs: performance.now() - started };
}

/** Exit code of `--onetime` (SPEC section 1): 3 unreachable, 1 any failure, else 0. */
export function exitCodeOf(pass: PassResult): number {
  if (pass.unreachable) return ExitCode.unreachable;
  return pass.outcomes.some((outcome) => outcome.status === 'failed')
    ? ExitCode.resourceFailed
    : ExitCode.ok;
}
