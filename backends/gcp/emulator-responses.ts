import type { EmulatorResponse } from '../emulator/provider-routes.js';
import { computeEtag } from './emulator-tree.js';

const reasons: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * An answer with the headers GCE puts on every answer: `Metadata-Flavor: Google` and an ETag,
 * the one in `headers` when given (a metadata node's, already computed), else the body's.
 */
export function gcpResponse(
  status: number,
  body: string,
  contentType: string,
  headers: Readonly<Record<string, string>> = {},
): EmulatorResponse {
  return {
    status,
    headers: {
      'Metadata-Flavor': 'Google',
      'Content-Type': contentType,
      Server: 'Metadata Server for VM',
      'X-XSS-Protection': '0',
      'X-Frame-Options': 'SAMEORIGIN',
      ...headers,
      ETag: headers.ETag ?? computeEtag(body),
    },
    body,
  };
}

/** Google's HTML error page; `detail` replaces the generic sentence (e.g. the 403's reason). */
export function errorPage(status: number, path: string, detail?: string): EmulatorResponse {
  const reason = reasons[status] ?? 'Error';
  const sentence =
    detail ?? `The requested URL <code>${escapeHtml(path)}</code> was not found on this server.`;
  const body = [
    '<!DOCTYPE html>',
    '<html lang=en>',
    '  <meta charset=utf-8>',
    `  <title>Error ${status} (${reason})!!1</title>`,
    `  <p><b>${status}.</b> <ins>That’s an error.</ins>`,
    `  <p>${sentence}  <ins>That’s all we know.</ins>`,
    '',
  ].join('\n');
  return gcpResponse(status, body, 'text/html; charset=UTF-8');
}

/** 403 as GCE words it for a request without `Metadata-Flavor: Google`. */
export function missingFlavorPage(path: string): EmulatorResponse {
  return errorPage(
    403,
    path,
    `Your client does not have permission to get URL <code>${escapeHtml(path)}</code> from this server. Missing Metadata-Flavor:Google header.`,
  );
}

/** 301 to the directory's URL with its `/` (query kept), as GCE answers `.../instance`. */
export function redirectToDirectory(
  host: string | undefined,
  path: string,
  query: string,
): EmulatorResponse {
  const target = `${path}/${query}`;
  const location = host === undefined ? target : `http://${host}${target}`;
  return gcpResponse(301, `${target}\n`, 'text/html', { Location: location });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
