import { ConfigError } from '../../src/errors.js';
import { createAwsRoutes } from '../aws/emulator-routes.js';
import { createAzureRoutes } from '../azure/emulator-routes.js';
import { createGcpRoutes } from '../gcp/emulator-routes.js';
import type { EmulatorOptions } from './emulator-options.js';
import type { FaultInjector } from './fault-injection.js';
import type { ProviderRoutes } from './provider-routes.js';

/** The routes of the provider named in `options`; throws ConfigError for one not emulated. */
export async function createProviderRoutes(
  options: EmulatorOptions,
  faults: FaultInjector,
): Promise<ProviderRoutes> {
  const provider: string = options.provider;
  if (provider === 'aws') return createAwsRoutes({ ...options, faults });
  if (provider === 'azure') return createAzureRoutes(options);
  if (provider === 'gcp') return createGcpRoutes(options);
  throw new ConfigError(
    `emulator provider "${provider}" is not available yet; the emulated providers are: aws, azure, gcp`,
  );
}
