// Real IMDS clients, unchanged, against the emulator: what they accept, users' tools accept.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { MetadataService } from '@aws-sdk/ec2-metadata-service';
import { fromInstanceMetadata } from '@smithy/credential-provider-imds';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';

const run = promisify(execFile);

describe('AWS emulator with real clients', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'aws' });
  });
  after(() => emulator.close());

  it('serves a leaf and a listing to @aws-sdk/ec2-metadata-service MetadataService', async () => {
    const service = new MetadataService({ endpoint: emulator.url, retries: 0 });
    assert.equal(await service.request('/latest/meta-data/instance-id', {}), 'i-1234567890abcdef0');
    const listing = await service.request('/latest/meta-data/placement/', {});
    assert.deepEqual(listing.split('\n').slice(0, 2), [
      'availability-zone',
      'availability-zone-id',
    ]);
    assert.ok(emulator.requests.some((request) => request.path === '/latest/api/token'));
  });

  it('gives @smithy/credential-provider-imds fromInstanceMetadata credentials expiring later', async () => {
    const saved = process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'];
    process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = emulator.url;
    try {
      const credentials = await fromInstanceMetadata({ maxRetries: 0, timeout: 5000 })();
      assert.equal(credentials.accessKeyId, '12345678901');
      assert.equal(credentials.secretAccessKey, 'v/12345678901');
      assert.match(credentials.sessionToken ?? '', /^TEST92test48/);
      assert.ok((credentials.expiration?.getTime() ?? 0) > Date.now() + 60 * 60 * 1000);
    } finally {
      if (saved === undefined) delete process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'];
      else process.env['AWS_EC2_METADATA_SERVICE_ENDPOINT'] = saved;
    }
  });

  // cloud-init's EC2 crawler (Debian package cloud-init, for the system python3) with an IMDSv2 token.
  it("is crawled by cloud-init's cloudinit.sources.helpers.ec2", async () => {
    const script = [
      'import json, sys',
      'from cloudinit import url_helper',
      'from cloudinit.sources.helpers import ec2',
      'base = sys.argv[1]',
      "token = url_helper.readurl(base + '/latest/api/token', request_method='PUT',",
      "    headers={'X-aws-ec2-metadata-token-ttl-seconds': '60'}).contents.decode()",
      "headers = lambda url: {'X-aws-ec2-metadata-token': token}",
      "metadata = ec2.get_instance_metadata('latest', base, headers_cb=headers, retries=0)",
      "identity = ec2.get_instance_identity('latest', base, headers_cb=headers, retries=0)",
      "userdata = ec2.get_instance_userdata('latest', base, headers_cb=headers, retries=0)",
      "print(json.dumps({'metadata': metadata, 'identity': identity, 'userdata': userdata.decode()}))",
    ].join('\n');
    const { stdout } = await run('/usr/bin/python3', ['-c', script, emulator.url]);
    const crawled = JSON.parse(stdout) as {
      metadata: Record<string, unknown> & { placement: Record<string, string> };
      identity: { document: Record<string, string> };
      userdata: string;
    };
    assert.equal(crawled.metadata['instance-id'], 'i-1234567890abcdef0');
    assert.equal(crawled.metadata.placement['region'], 'us-east-1');
    assert.deepEqual(crawled.metadata['security-groups'], [
      'ura-launch-wizard-harry-1',
      'ssh-from-bastion',
    ]);
    assert.match(
      String((crawled.metadata['public-keys'] as Record<string, string>)['my-key-name']),
      /^ssh-rsa /,
    );
    assert.equal(crawled.identity.document['instanceId'], 'i-1234567890abcdef0');
    assert.equal(crawled.userdata, 'MTIzNCxqb2huLHJlYm9vdCx0cnVlCg==');
  });
});
