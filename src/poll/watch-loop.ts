import { setTimeout as sleep } from 'node:timers/promises';
import type { Backend } from '../../backends/backend.js';
import type { Logger } from '../log.js';

/**
 * `--watch`: waits for the provider to push a change under the keys the resources use, then
 * calls `onChange` (which runs a pass), and waits again, until `signal` aborts. The backend
 * retries failed long polls itself; this loop only guards against a hot loop on surprises.
 */
export async function runWatchLoop(
  backend: Required<Pick<Backend, 'waitForChange'>>,
  keys: () => readonly string[],
  onChange: () => void,
  options: { signal: AbortSignal; logger: Logger },
): Promise<void> {
  while (!options.signal.aborted) {
    try {
      await backend.waitForChange(keys(), options.signal);
      options.logger.info({}, 'metadata changed');
      onChange();
    } catch (err) {
      if (options.signal.aborted) return;
      options.logger.warn({ err }, 'watching for metadata changes failed; retrying');
      await sleep(1000, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}
