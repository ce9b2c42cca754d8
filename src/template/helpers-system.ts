import { existsSync } from 'node:fs';
import { argString, type HelperTable } from './helpers-define.js';

/**
 * Helpers that read the host: `getenv name [default]` (the default also replaces an empty
 * variable, as in confd), `datetime` (the render's current time as an ISO 8601 UTC string,
 * e.g. `2024-05-01T12:00:00.000Z`; confd returns a Go time.Time), `fileExists path`.
 */
export const systemHelpers: HelperTable = {
  getenv: {
    min: 1,
    max: 2,
    fn: ([name, fallback], { state }) => {
      const value = state.env[argString(name, 'name')];
      if (value !== undefined && value !== '') return value;
      return fallback === undefined ? '' : argString(fallback, 'default');
    },
  },
  datetime: { min: 0, fn: (_args, { state }) => state.now().toISOString() },
  fileExists: { min: 1, fn: ([path]) => existsSync(argString(path, 'path')) },
};
