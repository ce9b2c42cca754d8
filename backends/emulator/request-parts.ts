import type { IncomingHttpHeaders } from 'node:http';

/** A URL path's non-empty segments, percent-decoded (so `//` collapses); undefined if malformed. */
export function decodeSegments(path: string): string[] | undefined {
  try {
    return path
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** One request header's value (the first, when it was sent several times). */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
