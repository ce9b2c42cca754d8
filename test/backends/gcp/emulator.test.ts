import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type RunningEmulator } from '../../../backends/emulator/start-emulator.js';

const flavor = { 'Metadata-Flavor': 'Google' };

describe('GCP emulator protocol', () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ provider: 'gcp' });
  });
  after(() => emulator.close());

  const get = (path: string, headers: Record<string, string> = flavor) =>
    fetch(`${emulator.url}${path}`, { headers, redirect: 'manual' });

  it('refuses a request without Metadata-Flavor: Google, as GCE words it', async () => {
    for (const headers of [{}, { 'Metadata-Flavor': 'google-ish' }] as Record<string, string>[]) {
      const response = await get('/computeMetadata/v1/instance/id', headers);
      assert.equal(response.status, 403);
      assert.equal(response.headers.get('metadata-flavor'), 'Google');
      assert.match(
        await response.text(),
        /Your client does not have permission to get URL <code>\/computeMetadata\/v1\/instance\/id<\/code> from this server\. Missing Metadata-Flavor:Google header\./,
      );
    }
  });

  it('refuses a request that came through a proxy (X-Forwarded-For)', async () => {
    const response = await get('/computeMetadata/v1/instance/id', {
      ...flavor,
      'X-Forwarded-For': '10.0.0.1',
    });
    assert.equal(response.status, 403);
  });

  it('answers every request with Metadata-Flavor: Google and an ETag', async () => {
    for (const path of [
      '/',
      '/computeMetadata/v1/',
      '/computeMetadata/v1/instance/id',
      '/computeMetadata/v1/nope',
    ]) {
      const response = await get(path);
      assert.equal(response.headers.get('metadata-flavor'), 'Google', path);
      assert.match(response.headers.get('etag') ?? '', /^[0-9a-f]{16}$/, path);
    }
  });

  it('lists directories with URL names, directories ending in /', async () => {
    const root = await get('/computeMetadata/v1/');
    assert.equal(await root.text(), 'instance/\noslogin/\nproject/\nuniverse/\n');
    const instance = (await (await get('/computeMetadata/v1/instance/')).text()).split('\n');
    for (const entry of [
      'attributes/',
      'machine-type',
      'network-interfaces/',
      'service-accounts/',
      'id',
      'tags',
    ])
      assert.ok(instance.includes(entry), entry);
    const accounts = await (await get('/computeMetadata/v1/instance/service-accounts/')).text();
    assert.equal(accounts, 'default/\nmetadata-sa@srashid-test2.iam.gserviceaccount.com/\n');
    const account = await (
      await get('/computeMetadata/v1/instance/service-accounts/default/')
    ).text();
    assert.equal(account, 'aliases\nemail\nidentity\nscopes\ntoken\n');
    assert.equal(
      await (await get('/computeMetadata/v1/instance/network-interfaces/')).text(),
      '0/\n',
    );
  });

  it('redirects a directory without / (301, query kept)', async () => {
    const response = await get('/computeMetadata/v1/instance?recursive=true');
    assert.equal(response.status, 301);
    assert.equal(
      response.headers.get('location'),
      `${emulator.url}/computeMetadata/v1/instance/?recursive=true`,
    );
  });

  it('serves leaves as text, 404 for a leaf with / or an absent key', async () => {
    const id = await get('/computeMetadata/v1/instance/id');
    assert.equal(await id.text(), '5775171277418378123');
    assert.equal(id.headers.get('content-type'), 'application/text');
    const ip = await get(
      '/computeMetadata/v1/instance/network-interfaces/0/access-configs/0/external-ip',
    );
    assert.equal(await ip.text(), '34.69.160.1');
    assert.equal(
      await (await get('/computeMetadata/v1/instance/attributes/enable-oslogin')).text(),
      'false',
    );
    assert.equal((await get('/computeMetadata/v1/instance/id/')).status, 404);
    assert.equal((await get('/computeMetadata/v1/instance/machineType')).status, 404);
  });

  it('answers recursive=true in camelCase JSON with the big integers exact', async () => {
    const response = await get('/computeMetadata/v1/instance/?recursive=true');
    assert.equal(response.headers.get('content-type'), 'application/json');
    const body = await response.text();
    assert.match(body, /"id":5775171277418378123,/);
    assert.match(body, /"machineType":"projects\/708288290784\/machineTypes\/e2-standard-4"/);
    assert.match(body, /"attributes":\{"enable-oslogin":"false","metadata2":"value2"\}/);
    assert.match(body, /"networkInterfaces":\[\{"accessConfigs":\[\{"externalIp":"34\.69\.160\.1"/);
    const project = await (await get('/computeMetadata/v1/project/?recursive=true')).text();
    assert.match(project, /"numericProjectId":708288290784/);
  });

  it('switches formats with alt=json and alt=text', async () => {
    assert.equal(
      await (await get('/computeMetadata/v1/instance/hostname?alt=json')).text(),
      '"instance-1.c.srashid-test2.internal"',
    );
    assert.equal(
      await (await get('/computeMetadata/v1/instance/id?alt=json')).text(),
      '5775171277418378123',
    );
    assert.equal(await (await get('/computeMetadata/v1/instance/tags')).text(), '["tag1","tag2"]');
    assert.equal(
      await (await get('/computeMetadata/v1/instance/tags?alt=text')).text(),
      'tag1\ntag2\n',
    );
    const text = await (
      await get('/computeMetadata/v1/instance/scheduling/?recursive=true&alt=text')
    ).text();
    assert.equal(text, 'automatic-restart TRUE\non-host-maintenance MIGRATE\npreemptible FALSE\n');
  });

  it('keeps the ETag of the default format whatever alt asks for', async () => {
    const plain = await get('/computeMetadata/v1/instance/zone');
    const json = await get('/computeMetadata/v1/instance/zone?alt=json');
    assert.equal(plain.headers.get('etag'), json.headers.get('etag'));
  });

  it('issues a static access token per service account', async () => {
    for (const account of ['default', 'metadata-sa@srashid-test2.iam.gserviceaccount.com']) {
      const response = await get(`/computeMetadata/v1/instance/service-accounts/${account}/token`);
      assert.equal(response.status, 200);
      const token = (await response.json()) as Record<string, unknown>;
      assert.match(String(token.access_token), /^ya29\./);
      assert.equal(token.token_type, 'Bearer');
      assert.equal(typeof token.expires_in, 'number');
    }
    assert.equal(
      (await get('/computeMetadata/v1/instance/service-accounts/nobody@x/token')).status,
      404,
    );
  });

  it('issues a JWT-shaped identity token for an audience, 400 without one', async () => {
    const response = await get(
      '/computeMetadata/v1/instance/service-accounts/default/identity?audience=https://api.example',
    );
    const parts = (await response.text()).split('.');
    assert.equal(parts.length, 3);
    const claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.equal(claims.aud, 'https://api.example');
    assert.equal(claims.email, 'metadata-sa@srashid-test2.iam.gserviceaccount.com');
    assert.equal(claims.iss, 'https://accounts.google.com');
    const missing = await get('/computeMetadata/v1/instance/service-accounts/default/identity');
    assert.equal(missing.status, 400);
    assert.match(await missing.text(), /non-empty audience parameter required/);
  });

  it('answers a wait_for_change at once when last_etag is already stale', async () => {
    const response = await get(
      '/computeMetadata/v1/instance/zone?wait_for_change=true&last_etag=0000000000000000',
    );
    assert.equal(await response.text(), 'projects/708288290784/zones/us-central1-a');
  });

  it('answers a wait_for_change after timeout_sec with the same data and ETag', async () => {
    const first = await get('/computeMetadata/v1/project/?recursive=true');
    const etag = first.headers.get('etag') ?? '';
    const waited = await get(
      `/computeMetadata/v1/project/?recursive=true&wait_for_change=true&last_etag=${etag}&timeout_sec=1`,
    );
    assert.equal(waited.status, 200);
    assert.equal(waited.headers.get('etag'), etag);
    assert.equal(await waited.text(), await first.text());
  });

  it('refuses wait_for_change on a directory without recursive=true', async () => {
    assert.equal((await get('/computeMetadata/v1/instance/?wait_for_change=true')).status, 400);
  });

  it('allows only GET and HEAD', async () => {
    const response = await fetch(`${emulator.url}/computeMetadata/v1/instance/id`, {
      method: 'POST',
      headers: flavor,
    });
    assert.equal(response.status, 405);
    assert.equal(response.headers.get('allow'), 'GET, HEAD');
  });
});
