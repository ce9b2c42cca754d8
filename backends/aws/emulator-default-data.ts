import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseAwsDataJson } from './emulator-data.js';
import { findNode, type MetadataTree } from './emulator-tree.js';

// From dist/backends/aws/ back to the committed source file (also shipped, see package.json "files").
const defaultDataPath = fileURLToPath(
  new URL('../../../backends/aws/default-data.json', import.meta.url),
);
const credentialLifetimeMs = 6 * 60 * 60 * 1000;

/**
 * The built-in data set (converted from amazon-ec2-metadata-mock's defaults), with IAM
 * credentials updated at `now` and expiring six hours later, so SDK credential providers take them.
 */
export async function loadDefaultAwsData(now = Date.now()): Promise<MetadataTree> {
  const tree = parseAwsDataJson(await readFile(defaultDataPath, 'utf8'), defaultDataPath);
  const roles = findNode(tree, ['meta-data', 'iam', 'security-credentials']);
  for (const leaf of roles?.kind === 'directory' ? roles.entries.values() : []) {
    if (leaf.kind !== 'json' || leaf.document === null || typeof leaf.document !== 'object')
      continue;
    Object.assign(leaf.document, {
      LastUpdated: formatImdsTime(now),
      Expiration: formatImdsTime(now + credentialLifetimeMs),
    });
  }
  return tree;
}

// IMDS writes times to the second: 2024-05-01T12:00:00Z.
function formatImdsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
