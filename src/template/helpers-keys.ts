import { argString, type HelperTable } from './helpers-define.js';

/**
 * confd's key helpers over the render's KeyStore: `getv key [default]`, `get key`,
 * `gets pattern`, `getvs pattern`, `exists key`, `ls dir`, `lsdir dir`.
 */
export const keyHelpers: HelperTable = {
  getv: {
    min: 1,
    max: 2,
    fn: ([key, fallback], { state }) =>
      state.store.getv(
        argString(key, 'key'),
        fallback === undefined ? undefined : argString(fallback, 'default'),
      ),
  },
  get: { min: 1, fn: ([key], { state }) => state.store.get(argString(key, 'key')) },
  gets: { min: 1, fn: ([pattern], { state }) => state.store.gets(argString(pattern, 'pattern')) },
  getvs: { min: 1, fn: ([pattern], { state }) => state.store.getvs(argString(pattern, 'pattern')) },
  exists: { min: 1, fn: ([key], { state }) => state.store.exists(argString(key, 'key')) },
  ls: { min: 1, fn: ([dir], { state }) => state.store.list(argString(dir, 'directory')) },
  lsdir: { min: 1, fn: ([dir], { state }) => state.store.listDir(argString(dir, 'directory')) },
};
