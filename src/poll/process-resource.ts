import type { Logger } from '../log.js';
import { visibleValues } from '../template/visible-values.js';
import type { CompiledTemplate } from '../template/render.js';
import type { TemplateResource } from '../template/resource.js';
import { syncResource, type SyncOptions, type SyncResult } from '../template/sync-resource.js';
import type { FetchOutcome } from './snapshot-store.js';

/** A template resource with its compiled template, ready to process. */
export interface LoadedResource {
  readonly resource: TemplateResource;
  readonly template: CompiledTemplate;
}

/** What happened to one resource in one pass. */
export interface ResourceOutcome extends Pick<SyncResult, 'diff' | 'check' | 'reload'> {
  readonly dest: string;
  readonly status: SyncResult['status'];
  readonly error?: unknown;
  readonly durationMs: number;
}

/**
 * Renders one resource from its fetched values and syncs its destination. Never throws: every
 * failure becomes a 'failed' outcome, so one resource never stops the others.
 */
export async function processResource(
  loaded: LoadedResource,
  fetched: FetchOutcome | undefined,
  options: SyncOptions,
  logger: Logger,
): Promise<ResourceOutcome> {
  const started = performance.now();
  const { resource } = loaded;
  const finish = (result: Omit<ResourceOutcome, 'dest' | 'durationMs'>): ResourceOutcome => {
    const outcome = { ...result, dest: resource.dest, durationMs: performance.now() - started };
    logOutcome(logger, resource, outcome);
    return outcome;
  };
  if (!fetched || 'error' in fetched) return finish({ status: 'failed', error: fetched?.error });
  try {
    const content = await loaded.template.render(visibleValues(resource, fetched.values), {
      log: logger,
    });
    const result = await syncResource(resource, content, options);
    return finish({ ...result });
  } catch (error) {
    return finish({ status: 'failed', error });
  }
}

// One line per outcome; a failed command's output goes to the log (redacted there), never further.
function logOutcome(logger: Logger, resource: TemplateResource, outcome: ResourceOutcome): void {
  const fields = { dest: resource.dest, resource: resource.file, status: outcome.status };
  const failedCheck = outcome.check && !outcome.check.ok ? { output: outcome.check.output } : {};
  if (outcome.status === 'failed') {
    logger.error({ ...fields, err: outcome.error, ...failedCheck }, 'resource failed');
  } else if (outcome.status === 'unchanged') {
    logger.debug(fields, 'resource in sync');
  } else {
    logger.info(
      fields,
      outcome.status === 'changed' ? 'resource updated' : 'resource would change',
    );
  }
  if (outcome.reload && !outcome.reload.ok) {
    logger.warn(
      { ...fields, err: outcome.error, output: outcome.reload.output },
      'reload_cmd failed',
    );
  }
}
