import { randomBytes } from 'node:crypto';

const pruneThreshold = 10_000;

/** IMDSv2 session tokens: random and opaque, each valid until its own expiry. */
export class TokenStore {
  readonly #expiries = new Map<string, number>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A new token valid for `ttlSeconds`. */
  issue(ttlSeconds: number): string {
    if (this.#expiries.size >= pruneThreshold) this.#pruneExpired();
    const token = randomBytes(42).toString('base64');
    this.#expiries.set(token, this.#now() + ttlSeconds * 1000);
    return token;
  }

  /** True for a token this store issued that has not expired yet. */
  isValid(token: string | undefined): boolean {
    if (token === undefined) return false;
    const expiry = this.#expiries.get(token);
    return expiry !== undefined && this.#now() < expiry;
  }

  #pruneExpired(): void {
    const now = this.#now();
    for (const [token, expiry] of this.#expiries) {
      if (expiry <= now) this.#expiries.delete(token);
    }
  }
}
