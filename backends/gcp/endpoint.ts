import { normalizeEndpoint } from '../endpoint-url.js';

export interface GcpEndpointSources {
  /** The `--endpoint` flag. */
  flag?: string | undefined;
  /** Where `IMDS_ENDPOINT` and `GCE_METADATA_HOST` are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/** Where Google's clients look when nothing is configured (169.254.169.254 answers the same). */
const defaultGcpEndpoint = 'http://metadata.google.internal';

/**
 * Base URL of the GCE metadata server, without a trailing slash: the `--endpoint` flag, then
 * `IMDS_ENDPOINT`, then `GCE_METADATA_HOST` (`host[:port]` as Google's client libraries read it;
 * without a scheme it means http://), else http://metadata.google.internal. Throws ConfigError
 * for a value that is not an http(s) base URL, naming where it came from.
 */
export function resolveGcpEndpoint(sources: GcpEndpointSources = {}): string {
  const env = sources.env ?? process.env;
  if (sources.flag) return normalizeEndpoint(sources.flag, '--endpoint');
  if (env.IMDS_ENDPOINT) return normalizeEndpoint(env.IMDS_ENDPOINT, 'IMDS_ENDPOINT');
  if (env.GCE_METADATA_HOST) {
    const host = env.GCE_METADATA_HOST;
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `http://${host}`;
    return normalizeEndpoint(url, 'GCE_METADATA_HOST');
  }
  return defaultGcpEndpoint;
}
