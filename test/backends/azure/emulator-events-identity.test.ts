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
const eventsPath = '/metadata/scheduledevents?api-version=2020-07-01';
const eventId = '602d9444-d2cd-49c7-8624-8643e7171297';
const tokenPath = '/metadata/identity/oauth2/token?api-version=2018-02-01';
const resource = 'resource=https%3A%2F%2Fmanagement.azure.com%2F';

async function send(path: string, init: RequestInit = { headers: metadata }) {
  const response = await fetch(`${emulator.url}${path}`, init);
  const text = await response.text();
  return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

describe('Azure emulator: scheduled events', () => {
  it('lists the events with their DocumentIncarnation', async () => {
    const answer = await send(eventsPath);
    assert.equal(answer.status, 200);
    const document = answer.json();
    assert.equal(document.DocumentIncarnation, 1);
    assert.deepEqual(
      (document.Events as { EventId: string }[]).map((event) => event.EventId),
      [eventId],
    );
  });

  it('takes only scheduled events api-versions', async () => {
    assert.equal((await send('/metadata/scheduledevents?api-version=2023-07-01')).status, 400);
  });

  it('refuses a POST body that is not StartRequests', async () => {
    const answer = await send(eventsPath, {
      method: 'POST',
      headers: metadata,
      body: '{"Start": 1}',
    });
    assert.equal(answer.status, 400);
    assert.match(answer.json().error as string, /StartRequests/);
  });

  it('acknowledges a StartRequest: the event goes and the incarnation moves on', async () => {
    const body = JSON.stringify({ StartRequests: [{ EventId: eventId }] });
    const posted = await send(eventsPath, { method: 'POST', headers: metadata, body });
    assert.equal(posted.status, 200);
    const document = (await send(eventsPath)).json();
    assert.equal(document.DocumentIncarnation, 2);
    assert.deepEqual(document.Events, []);
    await send(eventsPath, { method: 'POST', headers: metadata, body });
    assert.equal((await send(eventsPath)).json().DocumentIncarnation, 2);
  });
});

describe('Azure emulator: managed identity tokens', () => {
  it('issues the system-assigned identity token when no identity is named', async () => {
    const answer = await send(`${tokenPath}&${resource}`);
    assert.equal(answer.status, 200);
    const token = answer.json();
    assert.equal(token.access_token, 'emulated-system-assigned-token');
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.resource, 'https://management.azure.com/');
    assert.equal(token.client_id, '3d3a4f2e-0b52-4a3b-9c1d-5f0e6a7b8c90');
    assert.equal(Number(token.expires_on) - Number(token.not_before), Number(token.expires_in));
  });

  const user = {
    client_id: '5a1f2c3d-6e7b-4c8d-9e0f-1a2b3c4d5e6f',
    object_id: '0c9b8a7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d',
    msi_res_id:
      '/subscriptions/8d10da13-8125-4ba9-a717-bf7490507b3d/resourceGroups/macikgo-test-may-23/providers/Microsoft.ManagedIdentity/userAssignedIdentities/example-identity',
  };
  for (const [selector, value] of Object.entries(user)) {
    it(`selects the user-assigned identity by ${selector}`, async () => {
      const answer = await send(
        `${tokenPath}&${resource}&${selector}=${encodeURIComponent(value)}`,
      );
      assert.equal(answer.json().access_token, 'emulated-user-assigned-token');
    });
  }

  it('accepts the trailing-slash path that @azure/identity sends', async () => {
    const answer = await send(
      `/metadata/identity/oauth2/token/?api-version=2018-02-01&${resource}`,
    );
    assert.equal(answer.status, 200);
  });

  it('answers OAuth-style errors as IMDS words them', async () => {
    const cases: [string, Record<string, string>, string][] = [
      [`${tokenPath}&${resource}`, {}, 'Required metadata header not specified'],
      [tokenPath, metadata, "Required query variable 'resource' is missing"],
      [`${tokenPath}&${resource}&client_id=unknown`, metadata, 'Identity not found'],
    ];
    for (const [path, headers, description] of cases) {
      const answer = await send(path, { headers });
      assert.equal(answer.status, 400);
      assert.deepEqual(answer.json(), { error: 'invalid_request', error_description: description });
    }
    const both = await send(`${tokenPath}&${resource}&client_id=a&object_id=b`);
    assert.equal(both.status, 400);
    assert.match(both.json().error_description as string, /Only one of/);
  });
});
