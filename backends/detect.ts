import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackendError } from '../src/errors.js';
import type { Provider } from './backend.js';
import { createHttpClient, type HttpClient, type HttpRequest } from './http.js';

/** Where the kernel exposes SMBIOS (DMI) strings; readable without root. */
const defaultDmiDir = '/sys/class/dmi/id';

/** Azure's chassis asset tag, the same on every Azure VM (cloud-init's DataSourceAzure checks it). */
const azureAssetTag = '7783-7084-3265-9085-8269-3286-77';

export interface Detection {
  readonly provider: Provider;
  /** Why, for the log: which DMI file said what, or which probe answered where. */
  readonly reason: string;
}

export interface DetectOptions {
  /** Endpoint of each provider to probe (an explicit --endpoint or emulator URL is the same for all). */
  readonly endpoints: Readonly<Record<Provider, string>>;
  /** With an explicit endpoint or emulator, DMI hints are skipped: the probe decides. */
  readonly explicitEndpoint: boolean;
  readonly dmiDir?: string;
  readonly probeTimeoutMs?: number;
}

/**
 * `--provider auto`: DMI hints first (cheap, no network), then a short probe of each protocol.
 * Throws BackendError BACKEND_UNREACHABLE (exit 3) when no metadata service answers.
 */
export async function detectProvider(options: DetectOptions): Promise<Detection> {
  if (!options.explicitEndpoint) {
    const hinted = await readDmiHint(options.dmiDir ?? defaultDmiDir);
    if (hinted) return hinted;
  }
  const http = createHttpClient({
    timeoutMs: options.probeTimeoutMs ?? 1000,
    retry: { retries: 0 },
  });
  try {
    const answers = await Promise.all(
      providers.map((provider) => probe(http, provider, options.endpoints[provider])),
    );
    const index = answers.findIndex(Boolean);
    const provider = providers[index];
    if (provider)
      return {
        provider,
        reason: `the ${provider} protocol answered at ${options.endpoints[provider]}`,
      };
  } finally {
    http.close();
  }
  const tried = providers
    .map((provider) => `${provider} at ${options.endpoints[provider]}`)
    .join(', ');
  throw new BackendError('BACKEND_UNREACHABLE', `no metadata service answered (tried ${tried})`, {
    url: options.endpoints.aws,
  });
}

const providers: readonly Provider[] = ['aws', 'azure', 'gcp'];

// The strings cloud-init's ds-identify looks for, read from files any user may read.
async function readDmiHint(dmiDir: string): Promise<Detection | undefined> {
  const read = async (name: string): Promise<string> =>
    (await readFile(join(dmiDir, name), 'utf8').catch(() => '')).trim();
  const [sysVendor, boardVendor, productName, assetTag] = await Promise.all(
    ['sys_vendor', 'board_vendor', 'product_name', 'chassis_asset_tag'].map(read),
  );
  if (sysVendor === 'Amazon EC2' || boardVendor === 'Amazon EC2') {
    return {
      provider: 'aws',
      reason: `DMI ${sysVendor === 'Amazon EC2' ? 'sys_vendor' : 'board_vendor'} is "Amazon EC2"`,
    };
  }
  if (assetTag === azureAssetTag)
    return { provider: 'azure', reason: `DMI chassis_asset_tag is Azure's ${azureAssetTag}` };
  if (productName === 'Google Compute Engine' || sysVendor === 'Google') {
    return {
      provider: 'gcp',
      reason: `DMI ${productName === 'Google Compute Engine' ? 'product_name is "Google Compute Engine"' : 'sys_vendor is "Google"'}`,
    };
  }
  return undefined;
}

// One cheap request in the provider's own protocol; true only for an answer only it would give.
async function probe(http: HttpClient, provider: Provider, endpoint: string): Promise<boolean> {
  const requests: Record<Provider, HttpRequest> = {
    aws: {
      url: `${endpoint}/latest/api/token`,
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': '60' },
      operation: 'probe',
    },
    azure: {
      url: `${endpoint}/metadata/versions`,
      headers: { Metadata: 'true' },
      operation: 'probe',
    },
    gcp: {
      url: `${endpoint}/computeMetadata/v1/`,
      headers: { 'Metadata-Flavor': 'Google' },
      operation: 'probe',
    },
  };
  try {
    const response = await http.request(requests[provider]);
    if (provider === 'gcp') return response.headers['metadata-flavor'] === 'Google';
    if (provider === 'azure') return /"apiVersions"/.test(response.body);
    return response.body.length > 0;
  } catch {
    return false;
  }
}
