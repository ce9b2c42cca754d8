import type { Logger } from '../log.js';
import type { SystemdNotifier } from '../sd-notify.js';
import type { Telemetry } from '../telemetry.js';
import type { LiveConfiguration } from './live-configuration.js';

export interface ReloaderParts {
  readonly live: LiveConfiguration;
  readonly telemetry: Telemetry;
  readonly notifier: SystemdNotifier;
  readonly logger: Logger;
  /** Called after a successful reload: the new configuration should run now. */
  readonly onReloaded: () => void;
  /** False until the first full render said READY=1: systemd hears nothing of reloads before. */
  readonly isStarted: () => boolean;
  /** Once aborted (shutdown), a reload in flight sends no READY=1 after STOPPING=1. */
  readonly stopping: AbortSignal;
}

export interface Reloader {
  /** Queue a reload; reloads run one at a time, in the order asked for. */
  reload(reason: string): Promise<void>;
  /** Resolves once no reload is queued or running. */
  idle(): Promise<void>;
}

/**
 * A reload (SIGHUP, a change under the confdir): RELOADING=1, load the new configuration, and
 * either run it or report why it was refused (log, metric, /ready/detailed) while the last good
 * one keeps running; then READY=1.
 */
export function createReloader(parts: ReloaderParts): Reloader {
  const { live, telemetry, notifier, logger } = parts;
  let last: Promise<void> = Promise.resolve();
  const notify = async (send: () => Promise<unknown>): Promise<void> => {
    if (parts.isStarted() && !parts.stopping.aborted) await send();
  };
  const reload = async (reason: string): Promise<void> => {
    await notify(() => notifier.reloading());
    try {
      await live.reload(logger);
      telemetry.configure(live.config, live.resources);
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
    await notify(() => notifier.ready());
  };
  return {
    reload: (reason) => (last = last.then(() => reload(reason))),
    idle: () => last,
  };
}
