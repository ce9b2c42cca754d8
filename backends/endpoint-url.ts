import { ConfigError } from '../src/errors.js';

/**
 * Checks a metadata service base URL and drops trailing slashes, so that each provider can append
 * its own paths ('/latest/...', '/metadata/...', '/computeMetadata/...'). `source` names where the
 * value came from (`--endpoint`, `IMDS_ENDPOINT`, ...) in the ConfigError.
 */
export function normalizeEndpoint(value: string, source: string): string {
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
