import type { KeyValues } from '../backend.js';
import { selectV1Names, v1Root, type V1Mapping, type V1Name } from '../v1-mapping.js';

const compute = '/instance/compute';
const firstAddress = '/instance/network/interface/0/ipv4/ipAddress/0';
const imageReference = `${compute}/storageProfile/imageReference`;

/** Where each v1 name's values live in the flattened `/instance` document. */
const sources: Record<V1Name, readonly string[]> = {
  cloud_name: [],
  instance_id: [`${compute}/vmId`],
  instance_type: [`${compute}/vmSize`],
  region: [`${compute}/location`],
  availability_zone: [`${compute}/zone`],
  local_hostname: [`${compute}/osProfile/computerName`, `${compute}/name`],
  local_ipv4: [`${firstAddress}/privateIpAddress`],
  public_ipv4: [`${firstAddress}/publicIpAddress`],
  image_id: [imageReference],
  account_id: [`${compute}/subscriptionId`],
  tags: [`${compute}/tagsList`],
};

/**
 * Azure `/instance` keys -> cloud-init v1 names. Azure sends every missing value as an empty
 * string, so an empty value counts as absent. `availability_zone` is `compute.zone` (not the
 * fault domain); `local_hostname` is `osProfile.computerName`, else the VM name; `local_ipv4`
 * and `public_ipv4` are the first address of the first interface; `image_id` is the image
 * reference's `id` (a custom or gallery image), else `publisher:offer:sku:version` of a
 * marketplace image; `account_id` is the subscription id; `tags/<name>` come from `tagsList`.
 */
export const azureV1Mapping: V1Mapping = {
  sourcePrefixes: (v1Prefixes) => [
    ...new Set(selectV1Names(v1Prefixes).flatMap((name) => sources[name])),
  ],
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'azure']]);
    const set = (name: string, value: string | undefined): void => {
      if (value !== undefined && value !== '') v1.set(`${v1Root}/${name}`, value);
    };
    for (const name of ['instance_id', 'instance_type', 'region', 'availability_zone'] as const) {
      set(name, values.get(sources[name][0] ?? ''));
    }
    set('local_hostname', firstPresent(values, sources.local_hostname));
    set('local_ipv4', values.get(`${firstAddress}/privateIpAddress`));
    set('public_ipv4', values.get(`${firstAddress}/publicIpAddress`));
    set('image_id', readImageId(values));
    set('account_id', values.get(`${compute}/subscriptionId`));
    for (const [name, value] of readTags(values)) v1.set(`${v1Root}/tags/${name}`, value);
    return v1;
  },
};

function firstPresent(values: KeyValues, keys: readonly string[]): string | undefined {
  return keys.map((key) => values.get(key)).find((value) => value !== undefined && value !== '');
}

// A custom image has an id; a marketplace image is named by its four parts.
function readImageId(values: KeyValues): string | undefined {
  const id = values.get(`${imageReference}/id`);
  if (id) return id;
  const parts = ['publisher', 'offer', 'sku', 'version'].map(
    (part) => values.get(`${imageReference}/${part}`) ?? '',
  );
  return parts.every((part) => part === '') ? undefined : parts.join(':');
}

// tagsList is flattened as /tagsList/<i>/name and /tagsList/<i>/value.
function readTags(values: KeyValues): Map<string, string> {
  const tags = new Map<string, string>();
  for (let index = 0; ; index += 1) {
    const name = values.get(`${compute}/tagsList/${index}/name`);
    if (name === undefined) return tags;
    if (name !== '') tags.set(name, values.get(`${compute}/tagsList/${index}/value`) ?? '');
  }
}
