import type { Backend } from '../../backends/backend.js';
import type { Logger } from '../log.js';
import type { SystemdNotifier } from '../sd-notify.js';
import type { Telemetry } from '../telemetry.js';
import type { LiveConfiguration } from './live-configuration.js';

export interface ReloaderParts {
  readonly live: LiveConfiguration;
  readonly backend: Backend;
  readonly telemetry: Telemetry;
  readonly notifier: SystemdNotifier;
  readonly logger: Logger;
  /** Called after a successful reload: the new configuration should run now. */
  readonly onReloaded: () => void;
}

/**
 * A reload (SIGHUP, a change under the confdir): RELOADING=1, load the new configuration, and
 * either run it or report why it was refused (log, metric, /ready/detailed) while the last good
 * one keeps running; then READY=1. Reloads run one at a time, in the order asked for.
 */
export function createReloader(parts: ReloaderParts): (reason: string) => Promise<void> {
  const { live, backend, telemetry, notifier, logger } = parts;
  let last: Promise<void> = Promise.resolve();
  const reload = async (reason: string): Promise<void> => {
    await notifier.reloading();
    try {
      await live.reload(logger);
      telemetry.configure(backend, live.config, live.resources);
      telemetry.observeReload();
      logger.info({ reason, resources: live.resources.length }, 'configuration reloaded');
      parts.onReloaded();
    } catch (err) {
      telemetry.observeReload(err);
      logger.error(
        { reason, err },
        'configuration reload failed; the last good configuration keeps running',
      );
    }
    await notifier.ready();
  };
  return (reason) => (last = last.then(() => reload(reason)));
}
