import { ConfigError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import { createAwsBackend } from './aws/client.js';
import { resolveAwsEndpoint } from './aws/endpoint.js';
import type { Backend, Provider } from './backend.js';
import { awsV1Mapping } from './aws/v1-mapping.js';
import { withV1Keys } from './normalize.js';
import { startEmulator } from './emulator/start-emulator.js';

export interface BackendSettings {
  readonly provider: Provider | 'auto';
  readonly endpoint: string | undefined;
  readonly emulate: Provider | undefined;
  readonly emulateData: string | undefined;
  readonly cacheTtlMs: number;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
}

const availableProviders: readonly Provider[] = ['aws'];

/**
 * Provider name -> Backend. With `emulate`, starts the built-in emulator in-process first and
 * points the backend at it; closing the backend closes the emulator too.
 */
export async function createBackend(settings: BackendSettings): Promise<Backend> {
  const provider = resolveProvider(settings.provider, settings.emulate);
  if (!settings.emulate) return await createProviderBackend(provider, settings, settings.endpoint);
  if (settings.endpoint)
    throw new ConfigError('--endpoint and --emulate exclude each other: choose one');
  const emulator = await startEmulator({
    provider,
    ...(settings.emulateData ? { data: settings.emulateData } : {}),
    onWarning: (message) => settings.logger.warn({ provider }, message),
  });
  settings.logger.info({ provider, endpoint: emulator.url }, 'built-in emulator started');
  const backend = await createProviderBackend(provider, settings, emulator.url);
  let closing: Promise<void> | undefined;
  return {
    provider: backend.provider,
    endpoint: backend.endpoint,
    getValues: (prefixes, signal) => backend.getValues(prefixes, signal),
    health: (signal) => backend.health(signal),
    cacheStats: () => backend.cacheStats(),
    close: () => (closing ??= backend.close().finally(() => emulator.close())),
  };
}

// 'auto' means the emulated provider when emulating; AWS is the only provider of this version.
function resolveProvider(provider: Provider | 'auto', emulate: Provider | undefined): 'aws' {
  if (emulate && provider !== 'auto' && provider !== emulate) {
    throw new ConfigError(
      `--provider ${provider} and --emulate ${emulate} disagree: choose one provider`,
    );
  }
  const chosen = provider === 'auto' ? (emulate ?? 'aws') : provider;
  if (chosen !== 'aws') {
    throw new ConfigError(
      `the ${chosen} backend is not available in this version; available: ${availableProviders.join(', ')}`,
    );
  }
  return chosen;
}

async function createProviderBackend(
  provider: 'aws',
  settings: BackendSettings,
  endpoint: string | undefined,
): Promise<Backend> {
  const aws = createAwsBackend({
    endpoint: await resolveAwsEndpoint({ flag: endpoint, env: settings.env }),
    cacheTtlMs: settings.cacheTtlMs,
    logger: settings.logger.child({ provider }),
  });
  return withV1Keys(aws, awsV1Mapping);
}
