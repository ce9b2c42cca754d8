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
