import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createAwsBackend } from '../../../backends/aws/client.js';
import { awsV1Mapping } from '../../../backends/aws/v1-mapping.js';
import type { Backend } from '../../../backends/backend.js';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { withV1Keys } from '../../../backends/normalize.js';

describe('AWS /v1 keys', () => {
  let emulator: RunningEmulator;
  let backend: Backend;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws' });
  });
  beforeEach(async () => {
    await backend?.close();
    backend = withV1Keys(
      createAwsBackend({ endpoint: emulator.url, cacheTtlMs: 60_000 }),
      awsV1Mapping,
    );
    emulator.resetRequests();
  });
  after(async () => {
    await backend.close();
    await emulator.close();
  });

  it('maps every v1 name from meta-data and the identity document', async () => {
    const values = await backend.getValues(['/v1']);
    assert.deepEqual(Object.fromEntries(values), {
      '/v1/cloud_name': 'aws',
      '/v1/instance_id': 'i-1234567890abcdef0',
      '/v1/instance_type': 'm4.xlarge',
      '/v1/region': 'us-east-1',
      '/v1/availability_zone': 'us-east-1a',
      '/v1/local_hostname': 'ip-172-16-34-43.ec2.internal',
      '/v1/local_ipv4': '172.16.34.43',
      '/v1/public_ipv4': '192.0.2.54',
      '/v1/image_id': 'ami-0a887e401f7654935',
      '/v1/account_id': '0123456789',
      '/v1/tags/Name': 'test-instance',
      '/v1/tags/Test': 'test-tag',
    });
  });

  it('fetches only what the requested v1 keys need', async () => {
    const values = await backend.getValues(['/v1/region', '/meta-data/instance-id']);
    assert.deepEqual(Object.fromEntries(values), {
      '/meta-data/instance-id': 'i-1234567890abcdef0',
      '/v1/region': 'us-east-1',
    });
    const gets = emulator.requests
      .filter((request) => request.method === 'GET')
      .map((request) => request.path);
    assert.deepEqual(gets.sort(), [
      '/latest/meta-data/',
      '/latest/meta-data/instance-id',
      '/latest/meta-data/placement/',
      '/latest/meta-data/placement/region',
    ]);
  });

  it('gives tags under /v1/tags and nothing for an absent source', async () => {
    const values = await backend.getValues(['/v1/tags']);
    assert.deepEqual([...values.keys()].sort(), ['/v1/tags/Name', '/v1/tags/Test']);
    const mapped = awsV1Mapping.toV1(
      new Map([['/dynamic/instance-identity/document', 'not json']]),
    );
    assert.deepEqual(Object.fromEntries(mapped), { '/v1/cloud_name': 'aws' });
  });
});
