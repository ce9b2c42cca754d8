import type { KeyValues } from '../backend.js';
import { selectV1Names, v1Root, type V1Mapping, type V1Name } from '../v1-mapping.js';

const networkInterface = '/instance/network-interfaces/0';
const tagsPrefix = '/instance/tags';

/** The GCE keys each v1 name is computed from. */
const sources: Record<V1Name, readonly string[]> = {
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
  tags: [tagsPrefix],
};

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
  sourcePrefixes: (v1Prefixes) => [
    ...new Set(selectV1Names(v1Prefixes).flatMap((name) => sources[name])),
  ],
  toV1: (values) => {
    const v1 = new Map<string, string>([[`${v1Root}/cloud_name`, 'gcp']]);
    const set = (name: string, value: string | undefined): void => {
      if (value !== undefined && value !== '') v1.set(`${v1Root}/${name}`, value);
    };
    const zone = lastSegment(values.get('/instance/zone'));
    set('instance_id', values.get('/instance/id'));
    set('instance_type', lastSegment(values.get('/instance/machine-type')));
    set('availability_zone', zone);
    set('region', zone?.replace(/-[^-]+$/, ''));
    set('local_hostname', values.get('/instance/hostname') || values.get('/instance/name'));
    set('local_ipv4', values.get(`${networkInterface}/ip`));
    set('public_ipv4', values.get(`${networkInterface}/access-configs/0/external-ip`));
    set('image_id', lastSegment(values.get('/instance/image')));
    set('account_id', values.get('/project/project-id'));
    for (const tag of readTags(values)) v1.set(`${v1Root}/tags/${tag}`, '');
    return v1;
  },
};

function lastSegment(value: string | undefined): string | undefined {
  return value?.split('/').pop();
}

// Tags flatten to `/instance/tags/0`, `/instance/tags/1`, ...; a tag name never holds a `/`.
function readTags(values: KeyValues): string[] {
  const tags: string[] = [];
  for (const [key, value] of values) {
    if (/^\/instance\/tags\/\d+$/.test(key) && value !== '' && !value.includes('/'))
      tags.push(value);
  }
  return tags;
}
