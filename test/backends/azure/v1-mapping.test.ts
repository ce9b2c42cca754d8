import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';

import { azureV1Mapping } from '../../../backends/azure/v1-mapping.js';
import { flattenJson } from '../../../backends/flatten.js';

// The built-in data set's instance is the shared Azure fixture, converted once.
const defaultData = new URL('../../../../backends/azure/default-data.json', import.meta.url);
const fixture = (JSON.parse(await readFile(defaultData, 'utf8')) as { instance: Instance })
  .instance;
type Instance = Record<string, Record<string, unknown>>;

function mapInstance(instance: unknown): Map<string, string> {
  return azureV1Mapping.toV1(flattenJson(instance, '/instance'));
}

describe('azureV1Mapping', () => {
  it('maps the instance document to the v1 names', () => {
    assert.deepEqual(Object.fromEntries(mapInstance(fixture)), {
      '/v1/cloud_name': 'azure',
      '/v1/instance_id': '02aab8a4-74ef-476e-8182-f6d2ba4166a6',
      '/v1/instance_type': 'Standard_A3',
      '/v1/region': 'westus',
      '/v1/availability_zone': '1',
      '/v1/local_hostname': 'examplevmname',
      '/v1/local_ipv4': '10.144.133.132',
      '/v1/public_ipv4': '20.98.12.34',
      '/v1/image_id': 'Canonical:UbuntuServer:16.04.0-LTS:latest',
      '/v1/account_id': '8d10da13-8125-4ba9-a717-bf7490507b3d',
      '/v1/tags/baz': 'bash',
      '/v1/tags/foo': 'bar',
    });
  });

  it('takes the zone (not the fault domain), a public address when set, an image id when set', () => {
    const compute = { ...fixture.compute, zone: '2', platformFaultDomain: '36' } as Record<
      string,
      unknown
    >;
    compute.storageProfile = {
      imageReference: { id: '/subscriptions/s/images/custom', offer: 'o' },
    };
    const network = {
      interface: [
        { ipv4: { ipAddress: [{ privateIpAddress: '10.0.0.4', publicIpAddress: '20.1.2.3' }] } },
      ],
    };
    const v1 = mapInstance({ compute, network });
    assert.equal(v1.get('/v1/availability_zone'), '2');
    assert.equal(v1.get('/v1/public_ipv4'), '20.1.2.3');
    assert.equal(v1.get('/v1/image_id'), '/subscriptions/s/images/custom');
  });

  it('falls back to the VM name when osProfile has no computer name', () => {
    const compute = { ...fixture.compute, osProfile: { computerName: '' }, name: 'vm-name' };
    assert.equal(mapInstance({ compute }).get('/v1/local_hostname'), 'vm-name');
  });

  it('asks only for what the requested v1 names need, all of it under /instance', () => {
    assert.deepEqual(azureV1Mapping.sourcePrefixes(['/v1/region']), ['/instance/compute/location']);
    assert.deepEqual(azureV1Mapping.sourcePrefixes(['/v1/tags/foo']), [
      '/instance/compute/tagsList',
    ]);
    assert.deepEqual(azureV1Mapping.sourcePrefixes(['/v1/cloud_name']), []);
    const all = azureV1Mapping.sourcePrefixes(['/v1']);
    assert.ok(all.length > 5);
    assert.ok(
      all.every(
        (prefix) =>
          prefix.startsWith('/instance/compute/') || prefix.startsWith('/instance/network/'),
      ),
    );
  });
});
