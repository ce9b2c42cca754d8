import type { Config } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import type { Logger } from '../src/log.js';
import { createAwsBackend } from './aws/client.js';
import { resolveAwsEndpoint } from './aws/endpoint.js';
import { awsV1Mapping } from './aws/v1-mapping.js';
import { createAzureBackend } from './azure/client.js';
import { resolveAzureEndpoint } from './azure/endpoint.js';
import { azureV1Mapping } from './azure/v1-mapping.js';
import type { Backend, Provider } from './backend.js';
import { detectProvider } from './detect.js';
import { startEmulator, type RunningEmulator } from './emulator/start-emulator.js';
import { createGcpBackend } from './gcp/client.js';
import { resolveGcpEndpoint } from './gcp/endpoint.js';
import { gcpV1Mapping } from './gcp/v1-mapping.js';
import type { RequestEvent } from './http.js';
import { withV1Keys } from './normalize.js';

export interface BackendSettings extends Pick<
  Config,
  'provider' | 'endpoint' | 'emulate' | 'emulateData' | 'cacheTtlMs'
> {
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** Sees every request attempt, for metrics. */
  readonly onRequest?: (event: RequestEvent) => void;
  /** Where `--provider auto` reads DMI hints; /sys/class/dmi/id by default. */
  readonly dmiDir?: string;
}

/**
 * Provider name (or `auto`) -> Backend with the provider's keys and the normalized `/v1` keys.
 * With `emulate`, starts the built-in emulator in-process first and points the backend at it;
 * closing the backend closes the emulator too.
 */
export async function createBackend(settings: BackendSettings): Promise<Backend> {
  if (settings.emulate && settings.endpoint) {
    throw new ConfigError('--endpoint and --emulate exclude each other: choose one');
  }
  if (settings.emulate && settings.provider !== 'auto' && settings.provider !== settings.emulate) {
    throw new ConfigError(
      `--provider ${settings.provider} and --emulate ${settings.emulate} disagree: choose one provider`,
    );
  }
  const emulator = settings.emulate
    ? await startBuiltInEmulator(settings.emulate, settings)
    : undefined;
  try {
    const explicit = emulator?.url ?? settings.endpoint ?? settings.env.IMDS_ENDPOINT;
    const endpoints = await resolveEndpoints(explicit, settings.env);
    const provider = await chooseProvider(settings, endpoints, explicit !== undefined);
    const backend = createProviderBackend(provider, endpoints[provider], settings);
    return emulator ? closingToo(backend, emulator) : backend;
  } catch (err) {
    await emulator?.close();
    throw err;
  }
}

async function startBuiltInEmulator(
  provider: Provider,
  settings: BackendSettings,
): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    provider,
    ...(settings.emulateData ? { data: settings.emulateData } : {}),
    onWarning: (message) => settings.logger.warn({ provider }, message),
  });
  settings.logger.info({ provider, endpoint: emulator.url }, 'built-in emulator started');
  return emulator;
}

// Each provider's own endpoint conventions, unless one endpoint was given for all.
async function resolveEndpoints(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Record<Provider, string>> {
  return {
    aws: await resolveAwsEndpoint({ flag: explicit, env }),
    azure: resolveAzureEndpoint({ flag: explicit, env }),
    gcp: resolveGcpEndpoint({ flag: explicit, env }),
  };
}

// `auto`: DMI hints, then probes; with an explicit endpoint or the emulator, the probe decides.
async function chooseProvider(
  settings: BackendSettings,
  endpoints: Record<Provider, string>,
  explicitEndpoint: boolean,
): Promise<Provider> {
  if (settings.provider !== 'auto') return settings.provider;
  const detection = await detectProvider({
    endpoints,
    explicitEndpoint,
    ...(settings.dmiDir ? { dmiDir: settings.dmiDir } : {}),
  });
  settings.logger.info(
    { provider: detection.provider, reason: detection.reason },
    'provider detected',
  );
  return detection.provider;
}

function createProviderBackend(
  provider: Provider,
  endpoint: string,
  settings: BackendSettings,
): Backend {
  const options = {
    endpoint,
    cacheTtlMs: settings.cacheTtlMs,
    logger: settings.logger.child({ provider }),
    ...(settings.onRequest ? { onRequest: settings.onRequest } : {}),
  };
  if (provider === 'azure') return withV1Keys(createAzureBackend(options), azureV1Mapping);
  if (provider === 'gcp') return withV1Keys(createGcpBackend(options), gcpV1Mapping);
  return withV1Keys(createAwsBackend(options), awsV1Mapping);
}

// withV1Keys returns a plain object, so spreading it keeps every method but close.
function closingToo(backend: Backend, emulator: RunningEmulator): Backend {
  let closing: Promise<void> | undefined;
  return { ...backend, close: () => (closing ??= backend.close().finally(() => emulator.close())) };
}
