import { selectSourceKeys, v1Names, v1Root, type V1Mapping, type V1Name } from '../v1-mapping.js';

/** Where each v1 name comes from in IMDS (the identity document holds the account id). */
const sources = {
  cloud_name: [],
  instance_id: ['/meta-data/instance-id'],
  instance_type: ['/meta-data/instance-type'],
  region: ['/meta-data/placement/region'],
  availability_zone: ['/meta-data/placement/availability-zone'],
  local_hostname: ['/meta-data/local-hostname'],
  local_ipv4: ['/meta-data/local-ipv4'],
  public_ipv4: ['/meta-data/public-ipv4'],
  image_id: ['/meta-data/ami-id'],
  account_id: ['/dynamic/instance-identity/document'],
  tags: ['/meta-data/tags/instance'],
} as const satisfies Record<V1Name, readonly string[]>;

/** How a source value becomes the v1 value, where it is not the value as is. */
const conversions: Partial<Record<V1Name, (value: string) => string | undefined>> = {
  account_id: readAccountId,
};

/** The names read from their source key (cloud_name is a constant, tags a directory). */
const valueNames = v1Names.filter((name) => name !== 'cloud_name' && name !== 'tags');

/** AWS meta-data and identity document -> cloud-init v1 names. */
export const awsV1Mapping: V1Mapping = {
  sourcePrefixes: (v1Prefixes) => selectSourceKeys(v1Prefixes, sources),
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'aws']]);
    for (const name of valueNames) {
      const [key] = sources[name];
      const source = key === undefined ? undefined : values.get(key);
      const convert = conversions[name];
      const value = source !== undefined && convert ? convert(source) : source;
      if (value !== undefined) v1.set(`${v1Root}/${name}`, value);
    }
    const [tagsPrefix] = sources.tags;
    for (const [key, value] of values) {
      if (key.startsWith(`${tagsPrefix}/`))
        v1.set(`${v1Root}/tags/${key.slice(tagsPrefix.length + 1)}`, value);
    }
    return v1;
  },
};

// The identity document is JSON; a document that does not parse simply yields no account id.
function readAccountId(document: string): string | undefined {
  try {
    const accountId = (JSON.parse(document) as { accountId?: unknown }).accountId;
    return typeof accountId === 'string' ? accountId : undefined;
  } catch {
    return undefined;
  }
}
