/**
 * Data sets of the Azure IMDS emulator.
 *
 * JSON file format (`--data FILE`):
 * ```json
 * {
 *   "instance": { "compute": { "vmId": "..." }, "network": { "interface": [] } },
 *   "scheduledevents": { "DocumentIncarnation": 1, "Events": [{ "EventId": "...", "EventType": "Reboot" }] },
 *   "loadbalancer": { "loadbalancer": { "publicIpAddresses": [] } },
 *   "identities": [
 *     { "system_assigned": true, "client_id": "...", "object_id": "...", "msi_res_id": "/subscriptions/...", "access_token": "..." }
 *   ]
 * }
 * ```
 * - `instance` (an object) is required: the `/metadata/instance` document, served as written.
 * - `scheduledevents` is optional (default: incarnation 1, no events); each event needs an `EventId`.
 * - `loadbalancer` is optional; absent, `/metadata/loadbalancer` answers 404 as on a VM without
 *   a standard load balancer.
 * - `identities` is optional; each needs `client_id`, `object_id` and `msi_res_id` (strings);
 *   `access_token` is the static token served for it; `system_assigned: true` marks the one
 *   used when a token request names no identity.
 *
 * Directory format (`--data DIR`), served file by file as imds-faker does: `DIR/metadata/instance.json`
 * (required), and optionally `scheduledevents.json`, `loadbalancer.json`, `identities.json` beside it,
 * each holding the value of the key of the same name above.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/errors.js';

/** One managed identity the emulator issues tokens for. */
export interface AzureIdentity {
  readonly client_id: string;
  readonly object_id: string;
  readonly msi_res_id: string;
  readonly access_token?: string;
  readonly system_assigned?: boolean;
}

/** A scheduled event; only `EventId` is interpreted, the rest is served as written. */
export type ScheduledEvent = Readonly<Record<string, unknown>> & { readonly EventId: string };

/** One loaded data set. */
export interface AzureData {
  readonly instance: Readonly<Record<string, unknown>>;
  readonly scheduledEvents: { readonly incarnation: number; readonly events: ScheduledEvent[] };
  readonly loadbalancer?: Readonly<Record<string, unknown>>;
  readonly identities: readonly AzureIdentity[];
}

// From dist/backends/azure/ back to the committed source file.
const defaultDataPath = fileURLToPath(
  new URL('../../../backends/azure/default-data.json', import.meta.url),
);
const parts = ['instance', 'scheduledevents', 'loadbalancer', 'identities'] as const;

/** Loads a data file or directory, or the built-in data set when `source` is absent. Throws ConfigError. */
export async function loadAzureData(source: string | undefined): Promise<AzureData> {
  const path = source ?? defaultDataPath;
  const info = await stat(path).catch((err: unknown) => {
    throw new ConfigError(`emulator data ${path}: ${describe(err)}`, { cause: err });
  });
  if (!info.isDirectory()) return parseAzureData(await readText(path), path);
  const document: Record<string, unknown> = {};
  for (const part of parts) {
    const file = join(path, 'metadata', `${part}.json`);
    const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw new ConfigError(`emulator data ${file}: ${describe(err)}`, { cause: err });
    });
    if (text !== undefined) document[part] = parseJsonText(text, file);
  }
  if (document.instance === undefined) {
    throw new ConfigError(
      `emulator data ${path}: expected metadata/instance.json in the directory`,
    );
  }
  return convertDocument(document, path);
}

/** Parses the JSON file format; `file` names the source in errors. Throws ConfigError. */
export function parseAzureData(text: string, file: string): AzureData {
  return convertDocument(parseJsonText(text, file), file);
}

function convertDocument(document: unknown, file: string): AzureData {
  if (!isObject(document))
    throw new ConfigError(`emulator data ${file}: the top level must be an object`);
  const unknown = Object.keys(document).find((key) => !(parts as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new ConfigError(
      `emulator data ${file}: unknown top-level key "${unknown}" (expected ${parts.join(', ')})`,
    );
  }
  const { instance, loadbalancer } = document;
  if (!isObject(instance))
    throw new ConfigError(`emulator data ${file}: "instance" must be an object`);
  if (loadbalancer !== undefined && !isObject(loadbalancer)) {
    throw new ConfigError(`emulator data ${file}: "loadbalancer" must be an object`);
  }
  return {
    instance,
    scheduledEvents: convertScheduledEvents(document.scheduledevents, file),
    ...(loadbalancer === undefined ? {} : { loadbalancer }),
    identities: convertIdentities(document.identities, file),
  };
}

function convertScheduledEvents(value: unknown, file: string): AzureData['scheduledEvents'] {
  if (value === undefined) return { incarnation: 1, events: [] };
  const where = `emulator data ${file}: "scheduledevents"`;
  if (!isObject(value)) throw new ConfigError(`${where} must be an object`);
  const incarnation = value.DocumentIncarnation ?? 1;
  if (!Number.isInteger(incarnation))
    throw new ConfigError(`${where}.DocumentIncarnation must be an integer`);
  const events = value.Events ?? [];
  if (!Array.isArray(events)) throw new ConfigError(`${where}.Events must be an array`);
  events.forEach((event: unknown, index) => {
    if (!isObject(event) || typeof event.EventId !== 'string') {
      throw new ConfigError(`${where}.Events[${index}] must be an object with a string EventId`);
    }
  });
  return { incarnation: incarnation as number, events: events as ScheduledEvent[] };
}

function convertIdentities(value: unknown, file: string): AzureIdentity[] {
  if (value === undefined) return [];
  const where = `emulator data ${file}: "identities"`;
  if (!Array.isArray(value)) throw new ConfigError(`${where} must be an array`);
  return value.map((identity: unknown, index) => {
    const fields = ['client_id', 'object_id', 'msi_res_id'] as const;
    if (!isObject(identity) || fields.some((field) => typeof identity[field] !== 'string')) {
      throw new ConfigError(`${where}[${index}] must have string ${fields.join(', ')}`);
    }
    if (identity.access_token !== undefined && typeof identity.access_token !== 'string') {
      throw new ConfigError(`${where}[${index}].access_token must be a string`);
    }
    return identity as unknown as AzureIdentity;
  });
}

function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`emulator data ${file}: invalid JSON: ${describe(err)}`, { cause: err });
  }
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((err: unknown) => {
    throw new ConfigError(`emulator data ${path}: ${describe(err)}`, { cause: err });
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
