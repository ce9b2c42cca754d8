import { STATUS_CODES } from 'node:http';
import type { EmulatorResponse } from '../emulator/provider-routes.js';

const jsonType = 'application/json; charset=utf-8';

/** A JSON answer, compact as IMDS sends it. */
export function jsonResponse(body: unknown, status = 200): EmulatorResponse {
  return { status, headers: { 'Content-Type': jsonType }, body: JSON.stringify(body) };
}

/** A `format=text` answer. */
export function textResponse(text: string): EmulatorResponse {
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: text };
}

/** IMDS's error shape for the metadata endpoints: `{"error": "..."}` plus any extra fields. */
export function errorResponse(
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): EmulatorResponse {
  return jsonResponse({ error, ...extra }, status);
}

/** The managed identity endpoint's OAuth-style error: `{"error", "error_description"}`. */
export function identityErrorResponse(
  status: number,
  error: string,
  description: string,
): EmulatorResponse {
  return jsonResponse({ error, error_description: description }, status);
}

/** The answer for an injected fault (429, 500) or another bare status. */
export function statusResponse(status: number): EmulatorResponse {
  const reason = status === 429 ? 'Too many requests' : (STATUS_CODES[status] ?? 'Error');
  return errorResponse(status, reason);
}
