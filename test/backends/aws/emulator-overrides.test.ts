import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';
import { imdsRequest } from './imds-requests.js';

const mac = '/latest/meta-data/network/interfaces/macs/0e:49:61:0f:c3:11';

describe('AWS emulator overrides (aws-mock-metadata style)', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({
      provider: 'aws',
      imdsv1: true,
      overrides: {
        instanceId: 'i-0override',
        availabilityZone: 'eu-central-1b',
        hostname: 'web-1.internal',
        privateIp: '10.1.2.3',
        vpcId: 'vpc-0override',
        roleName: 'app-role',
      },
    });
  });
  after(() => emulator.close());

  const cases = [
    { path: '/latest/meta-data/instance-id', body: 'i-0override' },
    { path: '/latest/meta-data/placement/availability-zone', body: 'eu-central-1b' },
    { path: '/latest/meta-data/placement/region', body: 'eu-central-1' },
    { path: '/latest/meta-data/hostname', body: 'web-1.internal' },
    { path: '/latest/meta-data/local-hostname', body: 'web-1.internal' },
    { path: `${mac}/local-hostname`, body: 'web-1.internal' },
    { path: '/latest/meta-data/local-ipv4', body: '10.1.2.3' },
    { path: `${mac}/local-ipv4s`, body: '10.1.2.3' },
    { path: `${mac}/vpc-id`, body: 'vpc-0override' },
    { path: '/latest/meta-data/iam/security-credentials/', body: 'app-role' },
  ];
  for (const { path, body } of cases) {
    it(`serves ${path} = ${body}`, async () => {
      assert.deepEqual(await imdsRequest(emulator.url, path).then((a) => [a.status, a.body]), [
        200,
        body,
      ]);
    });
  }

  it('puts the overrides in the identity document', async () => {
    const answer = await imdsRequest(emulator.url, '/latest/dynamic/instance-identity/document');
    const document = JSON.parse(answer.body) as Record<string, unknown>;
    assert.deepEqual(
      [
        document['instanceId'],
        document['availabilityZone'],
        document['region'],
        document['privateIp'],
      ],
      ['i-0override', 'eu-central-1b', 'eu-central-1', '10.1.2.3'],
    );
  });

  it('renames the role in iam/info and serves its credentials under the new name', async () => {
    const info = JSON.parse(
      (await imdsRequest(emulator.url, '/latest/meta-data/iam/info')).body,
    ) as Record<string, string>;
    assert.equal(info['InstanceProfileArn'], 'arn:aws:iam::896453262835:instance-profile/app-role');
    const credentials = await imdsRequest(
      emulator.url,
      '/latest/meta-data/iam/security-credentials/app-role',
    );
    assert.match(credentials.body, /"AccessKeyId" : "12345678901"/);
    const old = await imdsRequest(
      emulator.url,
      '/latest/meta-data/iam/security-credentials/baskinc-role',
    );
    assert.equal(old.status, 404);
  });
});

describe('AWS emulator overrides: availability zones', () => {
  const cases = [
    { zone: 'us-west-2-lax-1a', region: 'us-west-2' },
    { zone: 'us-gov-west-1a', region: 'us-gov-west-1' },
    { zone: 'ap-southeast-2c', region: 'ap-southeast-2' },
  ];
  for (const { zone, region } of cases) {
    it(`derives region ${region} from ${zone}`, async () => {
      const emulator = await startEmulator({
        provider: 'aws',
        imdsv1: true,
        overrides: { availabilityZone: zone },
      });
      try {
        const answer = await imdsRequest(emulator.url, '/latest/meta-data/placement/region');
        assert.equal(answer.body, region);
      } finally {
        await emulator.close();
      }
    });
  }

  it('refuses a zone it cannot derive a region from, naming it', async () => {
    await assert.rejects(
      startEmulator({ provider: 'aws', overrides: { availabilityZone: 'moon-1' } }),
      {
        code: 'CONFD_CONFIG',
        message: /availability zone must look like us-east-1a, got "moon-1"/,
      },
    );
  });
});
