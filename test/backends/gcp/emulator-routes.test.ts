import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProviderRoutes } from '../../../backends/emulator/provider-routes.js';
import { createGcpRoutes } from '../../../backends/gcp/emulator-routes.js';

const headers = { 'metadata-flavor': 'Google' };

describe('GCP emulator routes: wait_for_change', () => {
  let routes: ProviderRoutes;
  before(async () => {
    routes = await createGcpRoutes({});
  });
  after(() => routes.close());

  it('stops waiting when the request signal aborts (the client went away)', async () => {
    const url = '/computeMetadata/v1/instance/zone';
    const first = await routes.handle({ method: 'GET', url, headers, body: '' });
    const etag = first.headers?.ETag ?? '';
    const client = new AbortController();
    const waiting = routes.handle({
      method: 'GET',
      url: `${url}?wait_for_change=true&last_etag=${etag}`,
      headers,
      body: '',
      signal: client.signal,
    });
    client.abort();
    // No timeout_sec and no data change: only the abort can end this wait.
    const answer = await waiting;
    assert.equal(answer.status, 200);
    assert.equal(answer.headers?.ETag, etag);
    assert.equal(answer.body, 'projects/708288290784/zones/us-central1-a');
  });

  it('answers at once for a signal already aborted', async () => {
    const answer = await routes.handle({
      method: 'GET',
      url: '/computeMetadata/v1/project/project-id?wait_for_change=true',
      headers,
      body: '',
      signal: AbortSignal.abort(),
    });
    assert.equal(answer.body, 'srashid-test2');
  });
});
