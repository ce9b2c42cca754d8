import { createHash } from 'node:crypto';
import type { EmulatorResponse } from '../emulator/provider-routes.js';
import type { BigJson } from './big-json.js';
import { errorPage, gcpResponse } from './emulator-responses.js';

/** The account's `email` member, or the account name itself (`default` has an email member). */
export function readAccountEmail(account: BigJson, name: string): string {
  const email =
    account !== null && typeof account === 'object' && !Array.isArray(account)
      ? account.email
      : undefined;
  return typeof email === 'string' ? email : name;
}

/** `service-accounts/<account>/token`: a static test access token, as GCE shapes it. */
export function issueAccessToken(email: string): EmulatorResponse {
  const body = JSON.stringify({
    access_token: `ya29.emulated-${digest(email).slice(0, 32)}`,
    expires_in: 3599,
    token_type: 'Bearer',
  });
  return gcpResponse(200, body, 'application/json');
}

/**
 * `service-accounts/<account>/identity?audience=X`: a JWT-shaped ID token for `audience`, with
 * Google's claims; its signature is a placeholder that no verifier accepts. 400 without audience.
 */
export function issueIdentityToken(
  email: string,
  query: URLSearchParams,
  path: string,
  nowMs: number,
): EmulatorResponse {
  const audience = query.get('audience');
  if (!audience) return errorPage(400, path, 'non-empty audience parameter required');
  const issuedAt = Math.floor(nowMs / 1000);
  const subject = BigInt(`0x${digest(email).slice(0, 16)}`)
    .toString()
    .padStart(21, '1');
  const header = { alg: 'RS256', kid: 'confd-ts-emulator', typ: 'JWT' };
  const claims = {
    aud: audience,
    azp: subject,
    email,
    email_verified: true,
    exp: issuedAt + 3600,
    iat: issuedAt,
    iss: 'https://accounts.google.com',
    sub: subject,
  };
  const token = [header, claims, 'confd-ts emulator: not signed']
    .map((part) =>
      Buffer.from(typeof part === 'string' ? part : JSON.stringify(part)).toString('base64url'),
    )
    .join('.');
  return gcpResponse(200, token, 'text/html; charset=utf-8');
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
