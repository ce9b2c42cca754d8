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
/** Fields of a sensitive JSON document whose values are secrets (AccessKeyId, SecretAccessKey, Token). */
const secretJsonField = /key|secret|token|password|credential/i;
/** Shorter values would redact ordinary words ("0", "true") everywhere. */
const minimumSecretLength = 4;
/** Lines of a multi-line secret are redacted on their own from this length (not "fi", "done"). */
const minimumLineLength = 8;

/** Remembers secret values seen at runtime and replaces them in text. */
export class SecretScrubber {
  readonly #secrets = new Set<string>();

  /**
   * Remember a secret value, each of its longer lines (an error may quote one line of a user-data
   * script), and the secret fields of a JSON document such as IAM credentials.
   */
  add(value: string): void {
    if (value.length >= minimumSecretLength) this.#secrets.add(value);
    for (const line of value.split('\n'))
      if (line.trim().length >= minimumLineLength) this.#secrets.add(line.trim());
    // In a JSON document (IAM credentials), the secret fields' values, e.g. "SecretAccessKey".
    for (const match of value.matchAll(/"([^"]*)"\s*:\s*"([^"]*)"/g)) {
      const [, field = '', inner = ''] = match;
      if (secretJsonField.test(field) && inner.length >= minimumSecretLength)
        this.#secrets.add(inner);
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
