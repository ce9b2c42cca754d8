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
  /** Longest first, so a secret that contains another is replaced whole; rebuilt after an add. */
  #ordered: string[] | undefined;

  /**
   * Remember a secret value, each of its longer lines (an error may quote one line of a user-data
   * script), and the secret fields of a JSON document such as IAM credentials.
   */
  add(value: string): void {
    if (value.length >= minimumSecretLength) this.#remember(value);
    for (const line of value.split('\n'))
      if (line.trim().length >= minimumLineLength) this.#remember(line.trim());
    // In a JSON document (IAM credentials), the secret fields' values, e.g. "SecretAccessKey".
    for (const match of value.matchAll(/"([^"]*)"\s*:\s*"([^"]*)"/g)) {
      const [, field = '', inner = ''] = match;
      if (secretJsonField.test(field) && inner.length >= minimumSecretLength) this.#remember(inner);
    }
  }

  /** Remember the values of every sensitive key in a set of metadata values. */
  addSensitive(values: Iterable<readonly [string, string]>): void {
    for (const [key, value] of values) if (isSensitiveKey(key)) this.add(value);
  }

  scrub(text: string): string {
    this.#ordered ??= [...this.#secrets].sort((a, b) => b.length - a.length);
    let result = text;
    for (const secret of this.#ordered) {
      if (result.includes(secret)) result = result.split(secret).join(redacted);
    }
    return result;
  }

  #remember(secret: string): void {
    if (this.#secrets.has(secret)) return;
    this.#secrets.add(secret);
    this.#ordered = undefined;
  }
}

export { redacted as redactedMarker };
