import type { DnsLookups } from './dns-lookups.js';
import type { KeyStore } from './key-store.js';

/** Everything one render's helpers read: passed through Handlebars' `@data`, never global. */
export interface RenderState {
  readonly store: KeyStore;
  readonly dns: DnsLookups;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: () => Date;
}

/** The `@data` field that carries the RenderState (Handlebars copies it into nested frames). */
export const renderStateKey = 'confdRender';
