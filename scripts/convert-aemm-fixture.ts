/**
 * Converts amazon-ec2-metadata-mock's default values (pkg/config/defaults/
 * aemm-metadata-default-values.json, Apache-2.0) into the AWS emulator's data format
 * (backends/aws/emulator-data.ts), for backends/aws/default-data.json. Run once, commit the output:
 *
 *   npx tsc --outDir dist/scripts --module nodenext --target es2023 --types node \
 *     scripts/convert-aemm-fixture.ts
 *   node dist/scripts/convert-aemm-fixture.js aemm-default-values.json backends/aws/default-data.json
 *
 * Besides moving `paths` + `values` into one tree, it makes the data look like one real instance:
 * public key 0 gets a name (`0=my-key-name`), a second security group makes a multi-line leaf, and
 * the identity document agrees with placement and local-ipv4. Names without a value are dropped.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Tree = { [name: string]: Tree | string | { $json: unknown } };
interface Section {
  paths: Record<string, string>;
  values: Record<string, unknown>;
}

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  process.stderr.write('usage: convert-aemm-fixture <aemm-default-values.json> <output.json>\n');
  process.exit(2);
}
const fixture = JSON.parse(readFileSync(input, 'utf8')) as Record<string, Section>;
const tree: Tree = {};
for (const section of Object.values(fixture)) {
  for (const [name, path] of Object.entries(section.paths)) {
    const value = section.values[name];
    if (value !== undefined) insertLeaf(tree, path.replace(/^\/latest\//, '').split('/'), value);
  }
}
adjustToOneInstance(tree);
writeFileSync(output, JSON.stringify(tree, null, 2) + '\n');

// A leaf where a directory must go (aemm's listing values) gives way to the directory.
function insertLeaf(root: Tree, segments: string[], value: unknown): void {
  let directory = root;
  for (const segment of segments.slice(0, -1)) {
    const next = directory[segment];
    if (!isDirectory(next)) directory[segment] = {};
    directory = directory[segment] as Tree;
  }
  const name = segments.at(-1) as string;
  if (isDirectory(directory[name])) return;
  directory[name] = typeof value === 'object' && value !== null ? { $json: value } : String(value);
}

function adjustToOneInstance(root: Tree): void {
  const metaData = root['meta-data'] as Tree;
  const keys = metaData['public-keys'] as Tree;
  keys['0=my-key-name'] = keys['0'] as Tree;
  delete keys['0'];
  metaData['security-groups'] = `${metaData['security-groups'] as string}\nssh-from-bastion`;
  const macs = (metaData['network'] as Tree)['interfaces'] as Tree;
  for (const mac of Object.values(macs['macs'] as Tree) as Tree[]) {
    mac['security-groups'] = `${mac['security-groups'] as string}\nssh-from-bastion`;
    mac['security-group-ids'] = `${mac['security-group-ids'] as string}\nsg-0c2d34a5e6f7a8b90`;
  }
  const placement = metaData['placement'] as Tree;
  const dynamic = root['dynamic'] as Tree;
  const identity = (dynamic['instance-identity'] as Tree)['document'] as { $json: Tree };
  Object.assign(identity.$json, {
    availabilityZone: placement['availability-zone'],
    region: placement['region'],
    privateIp: metaData['local-ipv4'],
    instanceId: metaData['instance-id'],
    instanceType: metaData['instance-type'],
    imageId: metaData['ami-id'],
  });
}

function isDirectory(node: Tree[string] | undefined): node is Tree {
  return typeof node === 'object' && !('$json' in node);
}
