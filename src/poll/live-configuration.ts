import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { loadConfdir } from './load-confdir.js';
import type { LoadedResource } from './process-resource.js';

/** Options read once at start-up: changing them in confd.toml takes a restart. */
const restartOnly: readonly (keyof Config)[] = [
  'provider',
  'endpoint',
  'emulate',
  'emulateData',
  'confdir',
  'configFile',
  'cacheTtlMs',
  'intervalMs',
  'watch',
  'onetime',
  'metricsAddr',
  'logLevel',
  'logFormat',
];

/**
 * The configuration the daemon runs now: options and loaded resources. A reload re-reads
 * confd.toml, `conf.d/` and the templates; a broken new configuration throws (ConfigError) and
 * the last good one keeps running.
 */
export class LiveConfiguration {
  #config: Config;
  #resources: readonly LoadedResource[];

  constructor(
    config: Config,
    resources: readonly LoadedResource[],
    private readonly resolveConfig: () => Promise<Config>,
  ) {
    this.#config = config;
    this.#resources = resources;
  }

  get config(): Config {
    return this.#config;
  }

  get resources(): readonly LoadedResource[] {
    return this.#resources;
  }

  /** Loads the new configuration and swaps it in only when all of it is valid. */
  async reload(logger: Logger): Promise<void> {
    const next = await this.resolveConfig();
    const resources = await loadConfdir(this.#config.confdir, next.prefix);
    const ignored = restartOnly.filter((name) => next[name] !== this.#config[name]);
    if (ignored.length > 0) {
      logger.warn(
        { options: ignored },
        'these options changed but take effect only after a restart',
      );
    }
    const kept = Object.fromEntries(restartOnly.map((name) => [name, this.#config[name]]));
    this.#config = Object.freeze({ ...next, ...kept });
    this.#resources = resources;
  }
}
