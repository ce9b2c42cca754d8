import type { KeyValues } from '../backend.js';
import {
  readFirstNonEmpty,
  selectSourceKeys,
  v1Names,
  v1Root,
  type V1Mapping,
  type V1Name,
} from '../v1-mapping.js';

const compute = '/instance/compute';
const firstAddress = '/instance/network/interface/0/ipv4/ipAddress/0';

/** Where each v1 name's values live in the flattened `/instance` document. */
const sources = {
  cloud_name: [],
  instance_id: [`${compute}/vmId`],
  instance_type: [`${compute}/vmSize`],
  region: [`${compute}/location`],
  availability_zone: [`${compute}/zone`],
  local_hostname: [`${compute}/osProfile/computerName`, `${compute}/name`],
  local_ipv4: [`${firstAddress}/privateIpAddress`],
  public_ipv4: [`${firstAddress}/publicIpAddress`],
  image_id: [`${compute}/storageProfile/imageReference`],
  account_id: [`${compute}/subscriptionId`],
  tags: [`${compute}/tagsList`],
} as const satisfies Record<V1Name, readonly string[]>;

/** The names whose value is the first non-empty value of their sources. */
const plainNames = v1Names.filter(
  (name) => name !== 'cloud_name' && name !== 'image_id' && name !== 'tags',
);

/**
 * Azure `/instance` keys -> cloud-init v1 names. Azure sends every missing value as an empty
 * string, so an empty value counts as absent. `availability_zone` is `compute.zone` (not the
 * fault domain); `local_hostname` is `osProfile.computerName`, else the VM name; `local_ipv4`
 * and `public_ipv4` are the first address of the first interface; `image_id` is the image
 * reference's `id` (a custom or gallery image), else `publisher:offer:sku:version` of a
 * marketplace image; `account_id` is the subscription id; `tags/<name>` come from `tagsList`.
 */
export const azureV1Mapping: V1Mapping = {
  sourcePrefixes: (v1Prefixes) => selectSourceKeys(v1Prefixes, sources),
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'azure']]);
    const set = (name: string, value: string | undefined): void => {
      if (value !== undefined && value !== '') v1.set(`${v1Root}/${name}`, value);
    };
    for (const name of plainNames) set(name, readFirstNonEmpty(values, sources[name]));
    set('image_id', readImageId(values, sources.image_id[0]));
    for (const [name, value] of readTags(values, sources.tags[0]))
      v1.set(`${v1Root}/tags/${name}`, value);
    return v1;
  },
};

// A custom image has an id; a marketplace image is named by its four parts.
function readImageId(values: KeyValues, imageReference: string): string | undefined {
  const id = values.get(`${imageReference}/id`);
  if (id) return id;
  const parts = ['publisher', 'offer', 'sku', 'version'].map(
    (part) => values.get(`${imageReference}/${part}`) ?? '',
  );
  return parts.every((part) => part === '') ? undefined : parts.join(':');
}

// tagsList is flattened as /tagsList/<i>/name and /tagsList/<i>/value.
function readTags(values: KeyValues, tagsList: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (let index = 0; ; index += 1) {
    const name = values.get(`${tagsList}/${index}/name`);
    if (name === undefined) return tags;
    if (name !== '') tags.set(name, values.get(`${tagsList}/${index}/value`) ?? '');
  }
}
