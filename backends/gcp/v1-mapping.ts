import type { KeyValues } from '../backend.js';
import {
  readFirstNonEmpty,
  selectSourceKeys,
  v1Names,
  v1Root,
  type V1Mapping,
  type V1Name,
} from '../v1-mapping.js';

const networkInterface = '/instance/network-interfaces/0';

/** The GCE keys each v1 name is computed from: the first of them with a non-empty value. */
const sources = {
  cloud_name: [],
  instance_id: ['/instance/id'],
  instance_type: ['/instance/machine-type'],
  region: ['/instance/zone'],
  availability_zone: ['/instance/zone'],
  local_hostname: ['/instance/hostname', '/instance/name'],
  local_ipv4: [`${networkInterface}/ip`],
  public_ipv4: [`${networkInterface}/access-configs/0/external-ip`],
  image_id: ['/instance/image'],
  account_id: ['/project/project-id'],
  tags: ['/instance/tags'],
} as const satisfies Record<V1Name, readonly string[]>;

/** How a source value becomes the v1 value, where it is not the value as is. */
const conversions: Partial<Record<V1Name, (value: string) => string>> = {
  instance_type: lastSegment,
  availability_zone: lastSegment,
  region: (zone) => lastSegment(zone).replace(/-[^-]+$/, ''),
  image_id: lastSegment,
};

/** The names read from their sources (cloud_name is a constant, tags a directory). */
const valueNames = v1Names.filter((name) => name !== 'cloud_name' && name !== 'tags');

/**
 * GCE metadata -> cloud-init v1 names. `instance_type` and `availability_zone` are the last
 * segment of `machine-type` and `zone` (`projects/123/zones/us-central1-a` -> `us-central1-a`),
 * `region` the zone without its last `-x` (`us-central1`); `local_hostname` is `hostname`, else
 * `name`; `public_ipv4` the first interface's first access config's `external-ip` when not empty;
 * `image_id` the last segment of `image`; `account_id` the project id (the name, as gcloud and
 * cloud-init call it; the number is `/project/numeric-project-id`). GCP labels are not in the
 * metadata: `tags/<tag>` lists the instance's network tags (`/instance/tags`), each with an
 * empty value (a network tag is a name without a value): test them with `exists`.
 */
export const gcpV1Mapping: V1Mapping = {
  sourcePrefixes: (v1Prefixes) => selectSourceKeys(v1Prefixes, sources),
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'gcp']]);
    for (const name of valueNames) {
      const source = readFirstNonEmpty(values, sources[name]);
      const value = source === undefined ? undefined : (conversions[name]?.(source) ?? source);
      if (value !== undefined && value !== '') v1.set(`${v1Root}/${name}`, value);
    }
    for (const tag of readTags(values, sources.tags[0])) v1.set(`${v1Root}/tags/${tag}`, '');
    return v1;
  },
};

function lastSegment(value: string): string {
  return value.slice(value.lastIndexOf('/') + 1);
}

// Tags flatten to `/instance/tags/0`, `/instance/tags/1`, ...; a tag name never holds a `/`.
function readTags(values: KeyValues, tagsPrefix: string): string[] {
  const tags: string[] = [];
  for (const [key, value] of values) {
    const index = key.startsWith(`${tagsPrefix}/`) ? key.slice(tagsPrefix.length + 1) : '';
    if (/^\d+$/.test(index) && value !== '' && !value.includes('/')) tags.push(value);
  }
  return tags;
}
