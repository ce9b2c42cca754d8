import { argInt, argString, type HelperTable } from './helpers-define.js';

/**
 * Encoding helpers: `json s` (any JSON value), `jsonArray s` (a JSON array), `toJson value
 * [indent]`, `base64Encode`, `base64Decode` (standard alphabet, padded, strict like Go's
 * StdEncoding; decodes to UTF-8 text), `parseBool` (Go's strconv.ParseBool).
 */
export const encodingHelpers: HelperTable = {
  json: { min: 1, fn: ([s]) => parseJson(argString(s, 'JSON text')) },
  jsonArray: {
    min: 1,
    fn: ([s]) => {
      const value = parseJson(argString(s, 'JSON text'));
      if (!Array.isArray(value)) throw new Error('JSON text is not an array');
      return value;
    },
  },
  toJson: {
    min: 1,
    max: 2,
    fn: ([value, indent]) =>
      JSON.stringify(
        value ?? null,
        null,
        indent === undefined ? undefined : argInt(indent, 'indent'),
      ),
  },
  base64Encode: {
    min: 1,
    fn: ([s]) => Buffer.from(argString(s, 'string'), 'utf8').toString('base64'),
  },
  base64Decode: { min: 1, fn: ([s]) => decodeBase64(argString(s, 'string')) },
  parseBool: { min: 1, fn: ([s]) => parseGoBool(argString(s, 'string')) },
};

// JSON.parse, but the error keeps only the reason: Node's full message quotes the input, which
// may be a secret (IAM credentials are a JSON leaf).
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = /^Unexpected [^,]*/u.exec(err instanceof Error ? err.message : '')?.[0];
    throw new Error(`invalid JSON (${text.length} characters)${reason ? `: ${reason}` : ''}`);
  }
}

// Buffer.from(.., 'base64') skips bad characters silently; Go's StdEncoding rejects them.
function decodeBase64(text: string): string {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/u.test(text)) {
    throw new Error(`illegal base64 data (${text.length} characters)`);
  }
  return Buffer.from(text, 'base64').toString('utf8');
}

function parseGoBool(text: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  throw new Error(`parsing ${JSON.stringify(text)}: invalid syntax`);
}
