// Which metadata keys hold secrets, and a scrubber that removes their values from any text.
// Logs are redacted at the logger (pino-style), never at each call site.

const sensitiveKeyPatterns: readonly RegExp[] = [
  /^\/meta-data\/iam\/security-credentials(\/|$)/,
  /^\/meta-data\/identity-credentials(\/|$)/,
  /^\/user-data$/,
  /\/userData$/,
  /\/user-data$/,
  /\/token$/,
  /\/identity$/,
  /\/service-accounts\/[^/]+\/(token|identity)/,
];

/** True for keys whose values are secrets: IAM credentials, user-data, tokens. */
export function isSensitiveKey(key: string): boolean {
  return sensitiveKeyPatterns.some((pattern) => pattern.test(key));
}

const sensitiveFieldName = /token|secret|password|authorization|credential/i;

/** True for log field names whose values are never written out. */
export function isSensitiveField(name: string): boolean {
  return sensitiveFieldName.test(name);
}

const redacted = '[REDACTED]';
/** Shorter values would redact ordinary words ("0", "true") everywhere. */
const minimumSecretLength = 4;

/** Remembers secret values seen at runtime and replaces them in text. */
export class SecretScrubber {
  readonly #secrets = new Set<string>();

  /** Remember a secret value (and each of its lines, since multi-line JSON leaves are logged in parts). */
  add(value: string): void {
    for (const candidate of [value, ...value.split('\n').map((line) => line.trim())]) {
      if (candidate.length >= minimumSecretLength) this.#secrets.add(candidate);
    }
    for (const match of value.matchAll(/"[^"]*"\s*:\s*"([^"]*)"/g)) {
      const inner = match[1];
      if (inner !== undefined && inner.length >= minimumSecretLength) this.#secrets.add(inner);
    }
  }

  /** Remember the values of every sensitive key in a set of metadata values. */
  addSensitive(values: Iterable<readonly [string, string]>): void {
    for (const [key, value] of values) if (isSensitiveKey(key)) this.add(value);
  }

  scrub(text: string): string {
    let result = text;
    // Longest first, so a secret that contains another is replaced whole.
    const secrets = [...this.#secrets].sort((a, b) => b.length - a.length);
    for (const secret of secrets) result = result.split(secret).join(redacted);
    return result;
  }
}

export { redacted as redactedMarker };
