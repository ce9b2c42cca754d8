import { normalizeEndpoint } from '../endpoint-url.js';
import { getInstanceMetadataEndpoint } from '@smithy/credential-provider-imds';

import { ConfigError } from '../../src/errors.js';

export interface AwsEndpointSources {
  /** The `--endpoint` flag. */
  flag?: string | undefined;
  /** Where `IMDS_ENDPOINT` is read; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Base URL of the AWS metadata service, without a trailing slash. The `--endpoint` flag wins, then
 * `IMDS_ENDPOINT` from `env`, then the AWS SDK conventions as `@smithy/credential-provider-imds`
 * applies them: `AWS_EC2_METADATA_SERVICE_ENDPOINT`, then `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`
 * (`IPv6` -> http://[fd00:ec2::254]), read by the SDK from process.env and the shared AWS config
 * file; by default http://169.254.169.254. Throws ConfigError for a value that is not an
 * http(s) URL, naming where it came from.
 */
export async function resolveAwsEndpoint(sources: AwsEndpointSources = {}): Promise<string> {
  const env = sources.env ?? process.env;
  if (sources.flag) return normalizeEndpoint(sources.flag, '--endpoint');
  if (env.IMDS_ENDPOINT) return normalizeEndpoint(env.IMDS_ENDPOINT, 'IMDS_ENDPOINT');
  const sdk = await readSdkEndpoint();
  return normalizeEndpoint(sdk, 'AWS_EC2_METADATA_SERVICE_ENDPOINT');
}

// The SDK's choice, rebuilt as a URL string from its parsed form.
async function readSdkEndpoint(): Promise<string> {
  try {
    const endpoint = await getInstanceMetadataEndpoint();
    const port = endpoint.port === undefined ? '' : `:${endpoint.port}`;
    return `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`;
  } catch (err) {
    throw new ConfigError(
      `invalid AWS metadata endpoint configuration: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
