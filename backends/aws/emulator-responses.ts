import { STATUS_CODES } from 'node:http';
import type { EmulatorResponse } from '../emulator/provider-routes.js';

const commonHeaders = { Server: 'EC2ws' };

/** A 200 answer with a text body, as IMDS sends values and listings. */
export function textResponse(
  body: string,
  contentType = 'text/plain',
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status: 200,
    headers: { ...commonHeaders, 'Content-Type': contentType, ...headers },
    body,
  };
}

/** An error answer with the small XHTML page IMDS sends, e.g. `<title>404 - Not Found</title>`. */
export function statusPage(status: number, headers: Record<string, string> = {}): EmulatorResponse {
  const title = `${status} - ${STATUS_CODES[status] ?? 'Error'}`;
  const body = [
    '<?xml version="1.0" encoding="iso-8859-1"?>',
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"',
    '\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">',
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">',
    ` <head>\n  <title>${title}</title>\n </head>`,
    ` <body>\n  <h1>${title}</h1>\n </body>`,
    '</html>',
  ].join('\n');
  return { status, headers: { ...commonHeaders, 'Content-Type': 'text/html', ...headers }, body };
}
