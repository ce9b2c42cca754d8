import type { EmulatorResponse } from '../emulator/provider-routes.js';
import type { AzureIdentity } from './emulator-data.js';
import { identityErrorResponse, jsonResponse } from './emulator-responses.js';

const selectors = ['client_id', 'object_id', 'msi_res_id'] as const;
/** Lifetime the emulator states for its static tokens. */
const tokenLifetimeSeconds = 86399;

/**
 * `GET /metadata/identity/oauth2/token?api-version=...&resource=...[&client_id=|object_id=|msi_res_id=]`:
 * a static token for the identity named by one selector, or without one the system-assigned
 * identity (else the only identity). Errors are IMDS's OAuth-style bodies. `mi_res_id` is read
 * as `msi_res_id`, as IMDS does. Times are strings of epoch seconds, as IMDS sends them.
 */
export function issueIdentityToken(
  query: URLSearchParams,
  identities: readonly AzureIdentity[],
  nowMs: number,
): EmulatorResponse {
  const resource = query.get('resource');
  if (resource === null || resource === '') {
    return identityErrorResponse(
      400,
      'invalid_request',
      "Required query variable 'resource' is missing",
    );
  }
  const named = selectors.filter((selector) => readSelector(query, selector) !== null);
  if (named.length > 1) {
    return identityErrorResponse(
      400,
      'invalid_request',
      `Only one of ${selectors.join(', ')} may be specified, got ${named.join(', ')}`,
    );
  }
  const identity = findIdentity(query, named[0], identities);
  if (identity === undefined) {
    return identityErrorResponse(400, 'invalid_request', 'Identity not found');
  }
  const now = Math.floor(nowMs / 1000);
  return jsonResponse({
    access_token: identity.access_token ?? `emulated-token-${identity.client_id}`,
    client_id: identity.client_id,
    expires_in: String(tokenLifetimeSeconds),
    expires_on: String(now + tokenLifetimeSeconds),
    ext_expires_in: String(tokenLifetimeSeconds),
    not_before: String(now),
    resource,
    token_type: 'Bearer',
  });
}

function findIdentity(
  query: URLSearchParams,
  selector: (typeof selectors)[number] | undefined,
  identities: readonly AzureIdentity[],
): AzureIdentity | undefined {
  if (selector !== undefined) {
    const wanted = readSelector(query, selector);
    return identities.find((identity) => identity[selector] === wanted);
  }
  return (
    identities.find((identity) => identity.system_assigned === true) ??
    (identities.length === 1 ? identities[0] : undefined)
  );
}

function readSelector(query: URLSearchParams, selector: (typeof selectors)[number]): string | null {
  return query.get(selector) ?? (selector === 'msi_res_id' ? query.get('mi_res_id') : null);
}
