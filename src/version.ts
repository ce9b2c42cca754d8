import { readFileSync } from 'node:fs';

// Read once at startup; dist/src/version.js sits two levels below package.json.
const packageJson = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** The confd-ts version, from package.json. */
export const version: string = packageJson.version;
