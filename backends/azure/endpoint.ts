import { ConfigError } from '../../src/errors.js';

export interface AzureEndpointSources {
  /** The `--endpoint` flag. */
  flag?: string | undefined;
  /** Where `IMDS_ENDPOINT` is read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Where Azure IMDS answers on every VM. */
export const defaultAzureEndpoint = 'http://169.254.169.254';

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

// Check the URL and drop trailing slashes, so that paths can be appended as '/metadata/...'.
function normalizeEndpoint(value: string, source: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (err) {
    throw new ConfigError(`${source}: not a URL: ${JSON.stringify(value)}`, { cause: err });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${source}: expected an http or https URL, got ${JSON.stringify(value)}`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(
      `${source}: a base URL takes no query or fragment, got ${JSON.stringify(value)}`,
    );
  }
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}
