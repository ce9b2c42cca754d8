import type { KeyValues } from '../backend.js';
import { selectV1Names, v1Root, type V1Mapping, type V1Name } from '../v1-mapping.js';

const identityDocument = '/dynamic/instance-identity/document';
const tagsPrefix = '/meta-data/tags/instance';

/** Where each v1 name comes from in IMDS (the identity document holds the account id). */
const sources: Record<V1Name, string | undefined> = {
  cloud_name: undefined,
  instance_id: '/meta-data/instance-id',
  instance_type: '/meta-data/instance-type',
  region: '/meta-data/placement/region',
  availability_zone: '/meta-data/placement/availability-zone',
  local_hostname: '/meta-data/local-hostname',
  local_ipv4: '/meta-data/local-ipv4',
  public_ipv4: '/meta-data/public-ipv4',
  image_id: '/meta-data/ami-id',
  account_id: identityDocument,
  tags: tagsPrefix,
};

/** AWS meta-data and identity document -> cloud-init v1 names. */
export const awsV1Mapping: V1Mapping = {
  sourcePrefixes: (v1Prefixes) => selectV1Names(v1Prefixes).flatMap((name) => sources[name] ?? []),
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'aws']]);
    for (const [name, source] of Object.entries(sources)) {
      const value = source === undefined ? undefined : values.get(source);
      if (value !== undefined && name !== 'account_id') v1.set(`${v1Root}/${name}`, value);
    }
    const accountId = readAccountId(values);
    if (accountId !== undefined) v1.set(`${v1Root}/account_id`, accountId);
    for (const [key, value] of values) {
      if (key.startsWith(`${tagsPrefix}/`))
        v1.set(`${v1Root}/tags/${key.slice(tagsPrefix.length + 1)}`, value);
    }
    return v1;
  },
};

// The identity document is JSON; a document that does not parse simply yields no account id.
function readAccountId(values: KeyValues): string | undefined {
  const document = values.get(identityDocument);
  if (document === undefined) return undefined;
  try {
    const accountId = (JSON.parse(document) as { accountId?: unknown }).accountId;
    return typeof accountId === 'string' ? accountId : undefined;
  } catch {
    return undefined;
  }
}
