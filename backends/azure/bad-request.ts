import { BackendError } from '../../src/errors.js';

/**
 * Turns Azure IMDS's 400 into a BackendError that quotes the service's own words and says what
 * they mean: the `Metadata: true` header was missing, or the api-version was absent or not one
 * the service knows (its `newest-versions` are listed), or another malformed request.
 */
export function explainBadRequest(url: string, body: string, apiVersion: string): BackendError {
  const { error, newestVersions } = parseErrorBody(body);
  const quoted = error === undefined ? JSON.stringify(body.slice(0, 200)) : JSON.stringify(error);
  return new BackendError(
    'BACKEND_BAD_RESPONSE',
    `GET ${url} answered 400 ${quoted}: ${describeCause(error ?? body, apiVersion, newestVersions)}`,
    { url, status: 400 },
  );
}

function describeCause(error: string, apiVersion: string, newestVersions: string[]): string {
  if (/metadata header/i.test(error)) {
    return 'the request lacked the "Metadata: true" header that Azure IMDS requires (a proxy may have dropped it)';
  }
  if (/api-version/i.test(error)) {
    const newest =
      newestVersions.length > 0 ? `; the service's newest: ${newestVersions.join(', ')}` : '';
    return `the service does not accept api-version "${apiVersion}"${newest}; set a supported api-version`;
  }
  return 'Azure IMDS rejected the request as malformed';
}

// Azure answers {"error": "...", "newest-versions": [...]}; anything else is quoted raw.
function parseErrorBody(body: string): { error?: string; newestVersions: string[] } {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; 'newest-versions'?: unknown };
    const versions = parsed['newest-versions'];
    return {
      ...(typeof parsed.error === 'string' ? { error: parsed.error } : {}),
      newestVersions: Array.isArray(versions) ? versions.map(String) : [],
    };
  } catch {
    return { newestVersions: [] };
  }
}
