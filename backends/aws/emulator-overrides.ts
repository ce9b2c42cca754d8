import { ConfigError } from '../../src/errors.js';
import type { AwsOverrides } from '../emulator/emulator-options.js';
import { createDirectory, findNode, renderLeaf, type MetadataTree } from './emulator-tree.js';

const identityDocument = ['dynamic', 'instance-identity', 'document'];
const credentials = ['meta-data', 'iam', 'security-credentials'];

/** Puts the overridden values everywhere IMDS shows them (aws-mock-metadata's flags). Throws ConfigError. */
export function applyAwsOverrides(tree: MetadataTree, overrides: AwsOverrides): void {
  const { instanceId, availabilityZone, hostname, privateIp, vpcId, roleName } = overrides;
  if (instanceId !== undefined) {
    setText(tree, ['meta-data', 'instance-id'], instanceId);
    updateDocument(tree, identityDocument, (doc) => (doc['instanceId'] = instanceId));
  }
  if (availabilityZone !== undefined) applyAvailabilityZone(tree, availabilityZone);
  if (hostname !== undefined) {
    setText(tree, ['meta-data', 'hostname'], hostname);
    setText(tree, ['meta-data', 'local-hostname'], hostname);
    setOnPrimaryInterface(tree, 'local-hostname', hostname);
  }
  if (privateIp !== undefined) {
    setText(tree, ['meta-data', 'local-ipv4'], privateIp);
    setOnPrimaryInterface(tree, 'local-ipv4s', privateIp);
    updateDocument(tree, identityDocument, (doc) => (doc['privateIp'] = privateIp));
  }
  if (vpcId !== undefined) {
    for (const mac of listNames(tree, ['meta-data', 'network', 'interfaces', 'macs'])) {
      setText(tree, ['meta-data', 'network', 'interfaces', 'macs', mac, 'vpc-id'], vpcId);
    }
  }
  if (roleName !== undefined) applyRoleName(tree, roleName);
}

// Region is the zone without its letter; local zones (us-west-2-lax-1a) belong to their parent region.
function applyAvailabilityZone(tree: MetadataTree, zone: string): void {
  const region = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:-[a-z]+-\d+)?[a-z]$/.exec(zone)?.[1];
  if (region === undefined) {
    throw new ConfigError(`emulator availability zone must look like us-east-1a, got "${zone}"`);
  }
  setText(tree, ['meta-data', 'placement', 'availability-zone'], zone);
  setText(tree, ['meta-data', 'placement', 'region'], region);
  updateDocument(tree, identityDocument, (doc) => {
    doc['availabilityZone'] = zone;
    doc['region'] = region;
  });
}

// Renames every role under iam/security-credentials/ and the profile named in iam/info.
function applyRoleName(tree: MetadataTree, roleName: string): void {
  const roles = findNode(tree, credentials);
  if (roles?.kind === 'directory') {
    const documents = [...roles.entries.values()];
    roles.entries.clear();
    for (const document of documents) roles.entries.set(roleName, document);
  }
  updateDocument(tree, ['meta-data', 'iam', 'info'], (doc) => {
    const arn = doc['InstanceProfileArn'];
    if (typeof arn === 'string') doc['InstanceProfileArn'] = arn.replace(/[^/]+$/, roleName);
  });
}

function setOnPrimaryInterface(tree: MetadataTree, name: string, text: string): void {
  const mac = findNode(tree, ['meta-data', 'mac']);
  if (mac?.kind !== 'text') return;
  const path = ['meta-data', 'network', 'interfaces', 'macs', mac.text];
  if (findNode(tree, path)?.kind === 'directory') setText(tree, [...path, name], text);
}

function listNames(tree: MetadataTree, path: string[]): string[] {
  const node = findNode(tree, path);
  return node?.kind === 'directory' ? [...node.entries.keys()] : [];
}

// Sets a text leaf, creating the directories on the way.
function setText(tree: MetadataTree, path: string[], text: string): void {
  let directory = tree;
  for (const segment of path.slice(0, -1)) {
    let next = directory.entries.get(segment);
    if (next?.kind !== 'directory') {
      next = createDirectory();
      directory.entries.set(segment, next);
    }
    directory = next;
  }
  directory.entries.set(path.at(-1) as string, { kind: 'text', text });
}

// Edits a JSON document leaf in place; a text leaf holding a JSON object is parsed first.
function updateDocument(
  tree: MetadataTree,
  path: string[],
  edit: (document: Record<string, unknown>) => void,
): void {
  const leaf = findNode(tree, path);
  if (leaf === undefined || leaf.kind === 'directory') return;
  let document: unknown;
  try {
    document = JSON.parse(renderLeaf(leaf));
  } catch {
    return;
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return;
  edit(document as Record<string, unknown>);
  setNode(tree, path, document);
}

function setNode(tree: MetadataTree, path: string[], document: unknown): void {
  const parent = findNode(tree, path.slice(0, -1));
  if (parent?.kind === 'directory') {
    parent.entries.set(path.at(-1) as string, { kind: 'json', document });
  }
}
