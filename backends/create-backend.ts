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
    const { provider, endpoint } = await chooseProvider(
      settings,
      emulator?.url ?? settings.endpoint,
    );
    const backend = createProviderBackend(provider, endpoint, settings);
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

// A given provider resolves only its own endpoint, so another cloud's variables cannot break it.
// `auto`: every endpoint, DMI hints, then probes; with an explicit endpoint (the flag or emulator
// URL in `flag`, or IMDS_ENDPOINT) the probe decides.
async function chooseProvider(
  settings: BackendSettings,
  flag: string | undefined,
): Promise<{ provider: Provider; endpoint: string }> {
  const { env } = settings;
  if (settings.provider !== 'auto') {
    const provider = settings.provider;
    return { provider, endpoint: await resolveEndpoints[provider]({ flag, env }) };
  }
  const endpoints = {
    aws: await resolveEndpoints.aws({ flag, env }),
    azure: await resolveEndpoints.azure({ flag, env }),
    gcp: await resolveEndpoints.gcp({ flag, env }),
  };
  const detection = await detectProvider({
    endpoints,
    explicitEndpoint: flag !== undefined || Boolean(env.IMDS_ENDPOINT),
    ...(settings.dmiDir ? { dmiDir: settings.dmiDir } : {}),
  });
  settings.logger.info(
    { provider: detection.provider, reason: detection.reason },
    'provider detected',
  );
  return { provider: detection.provider, endpoint: endpoints[detection.provider] };
}

// Each provider's own endpoint conventions; `flag` is --endpoint or the emulator URL.
const resolveEndpoints: Record<
  Provider,
  (sources: { flag: string | undefined; env: NodeJS.ProcessEnv }) => Promise<string> | string
> = {
  aws: resolveAwsEndpoint,
  azure: resolveAzureEndpoint,
  gcp: resolveGcpEndpoint,
};

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
