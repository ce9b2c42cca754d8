// Google's own client, unchanged, against the emulator: what it accepts, users' tools accept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';

describe('GCP emulator with gcp-metadata', () => {
  let emulator: RunningEmulator;
  const saved = process.env.GCE_METADATA_HOST;
  before(async () => {
    emulator = await startEmulator({ provider: 'gcp' });
    // gcp-metadata reads GCE_METADATA_HOST (host:port, no scheme) on every request.
    process.env.GCE_METADATA_HOST = emulator.url.replace(/^http:\/\//, '');
  });
  after(async () => {
    if (saved === undefined) delete process.env.GCE_METADATA_HOST;
    else process.env.GCE_METADATA_HOST = saved;
    await emulator.close();
  });

  it('reads the instance id exactly, the project id, and an attribute', async () => {
    const gcpMetadata = await import('gcp-metadata');
    const id: unknown = await gcpMetadata.instance('id');
    assert.equal(String(id), '5775171277418378123');
    assert.equal(await gcpMetadata.project('project-id'), 'srashid-test2');
    assert.equal(await gcpMetadata.instance('attributes/enable-oslogin'), false);
    assert.equal(await gcpMetadata.instance('zone'), 'projects/708288290784/zones/us-central1-a');
  });

  it('reads the default service account email and a token', async () => {
    const gcpMetadata = await import('gcp-metadata');
    const email: unknown = await gcpMetadata.instance('service-accounts/default/email');
    assert.equal(email, 'metadata-sa@srashid-test2.iam.gserviceaccount.com');
    const token = (await gcpMetadata.instance('service-accounts/default/token')) as Record<
      string,
      unknown
    >;
    assert.equal(token.token_type, 'Bearer');
  });

  it('finds the metadata server available (through the 301 of /instance)', async () => {
    const gcpMetadata = await import('gcp-metadata');
    gcpMetadata.resetIsAvailableCache();
    assert.equal(await gcpMetadata.isAvailable(), true);
    assert.ok(
      emulator.requests.some(
        (request) => request.path === '/computeMetadata/v1/instance' && request.status === 301,
      ),
    );
  });

  it('reads a whole directory recursively with bulk()', async () => {
    const gcpMetadata = await import('gcp-metadata');
    const data = await gcpMetadata.bulk([
      { metadataKey: 'project', params: { recursive: 'true' } },
    ] as const);
    const project = data.project as { projectId: string; numericProjectId: unknown };
    assert.equal(project.projectId, 'srashid-test2');
    assert.equal(String(project.numericProjectId), '708288290784');
  });
});
