import type { KeyValues } from './backend.js';

/** The normalized namespace shared by every provider (cloud-init's v1 names). */
export const v1Root = '/v1';

/**
 * How one provider's own keys become the normalized `/v1/*` keys: `cloud_name`, `instance_id`,
 * `instance_type`, `region`, `availability_zone`, `local_hostname`, `local_ipv4`, `public_ipv4`
 * (where one exists), `image_id`, `account_id`, `tags/<name>`.
 */
export interface V1Mapping {
  /**
   * The provider key prefixes that the requested `/v1` prefixes are computed from (e.g. for
   * `/v1/region` on AWS: `/meta-data/placement/region`). Only what the request needs.
   */
  sourcePrefixes(v1Prefixes: readonly string[]): string[];
  /** Every `/v1/...` key computable from `values` (which hold at least the source prefixes). */
  toV1(values: KeyValues): Map<string, string>;
}

/** The v1 names every provider maps; `tags` stands for the whole `tags/<name>` directory. */
export const v1Names = [
  'cloud_name',
  'instance_id',
  'instance_type',
  'region',
  'availability_zone',
  'local_hostname',
  'local_ipv4',
  'public_ipv4',
  'image_id',
  'account_id',
  'tags',
] as const;
export type V1Name = (typeof v1Names)[number];

/**
 * The v1 names that requested `/v1` prefixes cover: `/v1` covers all, `/v1/region` one,
 * `/v1/tags/Name` the `tags` directory. Providers use it to fetch only what is asked for.
 */
export function selectV1Names(v1Prefixes: readonly string[]): V1Name[] {
  const selected = new Set<V1Name>();
  for (const prefix of v1Prefixes) {
    const name = prefix.slice(v1Root.length).split('/').filter(Boolean)[0];
    if (name === undefined) v1Names.forEach((each) => selected.add(each));
    else if ((v1Names as readonly string[]).includes(name)) selected.add(name as V1Name);
  }
  return [...selected];
}

/** The provider keys `sources` names for the v1 names that `v1Prefixes` cover, each once. */
export function selectSourceKeys(
  v1Prefixes: readonly string[],
  sources: Readonly<Record<V1Name, readonly string[]>>,
): string[] {
  return [...new Set(selectV1Names(v1Prefixes).flatMap((name) => sources[name]))];
}

/** The first of `keys` with a non-empty value (Azure and GCP send absent values as ''). */
export function readFirstNonEmpty(values: KeyValues, keys: readonly string[]): string | undefined {
  return keys.map((key) => values.get(key)).find((value) => value !== undefined && value !== '');
}
