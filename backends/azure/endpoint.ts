import { normalizeEndpoint } from '../endpoint-url.js';

export interface AzureEndpointSources {
  /** The `--endpoint` flag. */
  flag?: string | undefined;
  /** Where `IMDS_ENDPOINT` is read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Where Azure IMDS answers on every VM. */
const defaultAzureEndpoint = 'http://169.254.169.254';

/**
 * Base URL of the Azure metadata service, without a trailing slash: the `--endpoint` flag, then
 * `IMDS_ENDPOINT` from `env`, then http://169.254.169.254. Throws ConfigError for a value that is
 * not an http(s) base URL, naming where it came from.
 */
export function resolveAzureEndpoint(sources: AzureEndpointSources = {}): string {
  const env = sources.env ?? process.env;
  if (sources.flag) return normalizeEndpoint(sources.flag, '--endpoint');
  if (env.IMDS_ENDPOINT) return normalizeEndpoint(env.IMDS_ENDPOINT, 'IMDS_ENDPOINT');
  return defaultAzureEndpoint;
}
