import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gcpV1Mapping } from '../../../backends/gcp/v1-mapping.js';

const values = new Map([
  ['/instance/id', '5775171277418378123'],
  ['/instance/machine-type', 'projects/708288290784/machineTypes/e2-standard-4'],
  ['/instance/zone', 'projects/708288290784/zones/us-central1-a'],
  ['/instance/hostname', 'instance-1.c.my-project.internal'],
  ['/instance/name', 'instance-1'],
  ['/instance/network-interfaces/0/ip', '10.128.0.19'],
  ['/instance/network-interfaces/0/access-configs/0/external-ip', '34.69.160.1'],
  ['/instance/image', 'projects/debian-cloud/global/images/debian-11-bullseye-v20231004'],
  ['/instance/tags/0', 'http-server'],
  ['/instance/tags/1', 'db'],
  ['/project/project-id', 'my-project'],
  ['/project/numeric-project-id', '708288290784'],
]);

describe('gcpV1Mapping', () => {
  it('maps every v1 name', () => {
    assert.deepEqual(Object.fromEntries(gcpV1Mapping.toV1(values)), {
      '/v1/cloud_name': 'gcp',
      '/v1/instance_id': '5775171277418378123',
      '/v1/instance_type': 'e2-standard-4',
      '/v1/availability_zone': 'us-central1-a',
      '/v1/region': 'us-central1',
      '/v1/local_hostname': 'instance-1.c.my-project.internal',
      '/v1/local_ipv4': '10.128.0.19',
      '/v1/public_ipv4': '34.69.160.1',
      '/v1/image_id': 'debian-11-bullseye-v20231004',
      '/v1/account_id': 'my-project',
      '/v1/tags/http-server': '',
      '/v1/tags/db': '',
    });
  });

  it('falls back to the name without a hostname, and leaves out an empty external IP', () => {
    const partial = new Map(values);
    partial.delete('/instance/hostname');
    partial.set('/instance/network-interfaces/0/access-configs/0/external-ip', '');
    const v1 = gcpV1Mapping.toV1(partial);
    assert.equal(v1.get('/v1/local_hostname'), 'instance-1');
    assert.equal(v1.has('/v1/public_ipv4'), false);
  });

  it('takes the region from a zone of any shape', () => {
    const zoned = new Map([['/instance/zone', 'projects/1/zones/europe-west4-b']]);
    assert.equal(gcpV1Mapping.toV1(zoned).get('/v1/region'), 'europe-west4');
  });

  it('asks only for the keys the requested names need', () => {
    assert.deepEqual(gcpV1Mapping.sourcePrefixes(['/v1/region']), ['/instance/zone']);
    assert.deepEqual(gcpV1Mapping.sourcePrefixes(['/v1/region', '/v1/availability_zone']), [
      '/instance/zone',
    ]);
    assert.deepEqual(gcpV1Mapping.sourcePrefixes(['/v1/tags/db']), ['/instance/tags']);
    assert.deepEqual(gcpV1Mapping.sourcePrefixes(['/v1/cloud_name']), []);
    assert.ok(gcpV1Mapping.sourcePrefixes(['/v1']).includes('/project/project-id'));
  });
});
