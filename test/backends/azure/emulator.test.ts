import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../backends/emulator/start-emulator.js';

let emulator: RunningEmulator;
before(async () => {
  emulator = await startEmulator({ provider: 'azure' });
});
after(() => emulator.close());

const metadata = { Metadata: 'true' };
const version = 'api-version=2023-07-01';

async function get(path: string, headers: Record<string, string> = metadata, method = 'GET') {
  const response = await fetch(`${emulator.url}${path}`, { headers, method });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: await response.text(),
  };
}

describe('Azure emulator: headers and api-version', () => {
  it('refuses a request without Metadata: true as IMDS words it', async () => {
    for (const headers of [{}, { Metadata: 'false' }] as Record<string, string>[]) {
      const answer = await get(`/metadata/instance?${version}`, headers);
      assert.equal(answer.status, 400);
      assert.deepEqual(JSON.parse(answer.body), {
        error: 'Bad request. Required metadata header not specified',
      });
    }
    assert.equal((await get(`/metadata/instance?${version}`, { Metadata: 'True' })).status, 200);
  });

  it('refuses a missing api-version, listing the newest versions', async () => {
    const answer = await get('/metadata/instance');
    assert.equal(answer.status, 400);
    assert.deepEqual(JSON.parse(answer.body), {
      error:
        'Bad request. api-version was not specified in the request. For more information refer to aka.ms/azureimds',
      'newest-versions': ['2023-07-01', '2021-12-13', '2021-11-15'],
    });
  });

  it('refuses an unknown api-version', async () => {
    const answer = await get('/metadata/instance?api-version=2030-01-01');
    assert.equal(answer.status, 400);
    assert.match(JSON.parse(answer.body).error, /^Bad request. api-version is invalid/);
  });

  it('serves /metadata/versions without an api-version', async () => {
    const answer = await get('/metadata/versions');
    assert.equal(answer.status, 200);
    const versions = JSON.parse(answer.body).apiVersions as string[];
    assert.ok(versions.includes('2021-02-01') && versions.includes('2023-07-01'));
  });

  it('answers 405 to methods other than GET and 404 to unknown APIs', async () => {
    const post = await get(`/metadata/instance?${version}`, metadata, 'PUT');
    assert.equal(post.status, 405);
    assert.match(
      JSON.parse(post.body).error,
      /Http method is not allowed: Path = "\/metadata\/instance", Method = "PUT"/,
    );
    const unknown = await get(`/metadata/attested/nothing?${version}`);
    assert.equal(unknown.status, 404);
    assert.match(JSON.parse(unknown.body).error, /^API not found/);
  });
});

describe('Azure emulator: documents and route filters', () => {
  it('serves the whole instance document as JSON', async () => {
    const answer = await get(`/metadata/instance?${version}`);
    assert.equal(answer.status, 200);
    assert.match(answer.type ?? '', /^application\/json/);
    const instance = JSON.parse(answer.body);
    assert.equal(instance.compute.vmId, '02aab8a4-74ef-476e-8182-f6d2ba4166a6');
    assert.equal(instance.network.interface[0].macAddress, '0011AAFFBB22');
  });

  it('filters to a sub-tree by names and indexes, JSON by default', async () => {
    const answer = await get(
      `/metadata/instance/network/interface/0/ipv4/ipAddress/0?${version}&format=json`,
    );
    assert.deepEqual(JSON.parse(answer.body), {
      privateIpAddress: '10.144.133.132',
      publicIpAddress: '20.98.12.34',
    });
  });

  it('serves a leaf as text with format=text, and refuses it without', async () => {
    const text = await get(`/metadata/instance/compute/vmId?${version}&format=text`);
    assert.equal(text.status, 200);
    assert.match(text.type ?? '', /^text\/plain/);
    assert.equal(text.body, '02aab8a4-74ef-476e-8182-f6d2ba4166a6');
    const json = await get(`/metadata/instance/compute/vmId?${version}`);
    assert.equal(json.status, 400);
    assert.match(JSON.parse(json.body).error, /format=text/);
  });

  it('lists the children of a sub-tree with format=text', async () => {
    const answer = await get(`/metadata/instance/network/interface/0?${version}&format=text`);
    assert.equal(answer.body, 'ipv4/\nipv6/\nmacAddress');
  });

  it('answers 404 for a path the document does not have, and refuses an unknown format', async () => {
    assert.equal((await get(`/metadata/instance/compute/nothing?${version}`)).status, 404);
    assert.equal((await get(`/metadata/instance/network/interface/7?${version}`)).status, 404);
    assert.equal((await get(`/metadata/instance?${version}&format=xml`)).status, 400);
  });

  it('serves load balancer metadata with the same filters', async () => {
    const answer = await get(
      `/metadata/loadbalancer/loadbalancer/inboundRules/0/backendPort?${version}&format=text`,
    );
    assert.equal(answer.body, '443');
  });

  it('collapses repeated slashes and accepts a trailing slash', async () => {
    const answer = await get(`//metadata/instance/compute/name/?${version}&format=text`);
    assert.equal(answer.body, 'examplevmname');
  });

  it('answers injected faults with IMDS-shaped JSON', async () => {
    emulator.setFaults({ errorRate: 1 });
    try {
      const answer = await get(`/metadata/instance?${version}`);
      assert.equal(answer.status, 500);
      assert.ok(typeof JSON.parse(answer.body).error === 'string');
    } finally {
      emulator.setFaults({ errorRate: undefined });
    }
  });
});
