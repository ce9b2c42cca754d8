import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { ManagedIdentityCredential } from '@azure/identity';

import { startEmulator } from '../../../backends/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../backends/emulator/start-emulator.js';

describe('Azure emulator with @azure/identity ManagedIdentityCredential', () => {
  let emulator: RunningEmulator;
  const saved = process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;

  before(async () => {
    emulator = await startEmulator({ provider: 'azure' });
    // The credential sends IMDS token requests to this host instead of 169.254.169.254.
    process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = emulator.url;
  });
  after(async () => {
    if (saved === undefined) delete process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST;
    else process.env.AZURE_POD_IDENTITY_AUTHORITY_HOST = saved;
    await emulator.close();
  });

  it('gets the system-assigned identity token', async () => {
    const token = await new ManagedIdentityCredential().getToken('https://management.azure.com/');
    assert.equal(token.token, 'emulated-system-assigned-token');
    assert.ok(token.expiresOnTimestamp > Date.now());
  });

  it('gets a user-assigned identity token by client id', async () => {
    const credential = new ManagedIdentityCredential({
      clientId: '5a1f2c3d-6e7b-4c8d-9e0f-1a2b3c4d5e6f',
    });
    const token = await credential.getToken('https://vault.azure.net/.default');
    assert.equal(token.token, 'emulated-user-assigned-token');
    const request = emulator.requests.find((served) => served.path.includes('client_id='));
    assert.match(request?.path ?? '', /^\/metadata\/identity\/oauth2\/token\/?\?/);
    assert.match(request?.path ?? '', /resource=https%3A%2F%2Fvault.azure.net/);
  });

  it('fails for an identity the data set does not have', async () => {
    const credential = new ManagedIdentityCredential({
      clientId: '00000000-0000-0000-0000-000000000000',
    });
    await assert.rejects(
      credential.getToken('https://management.azure.com/'),
      /Identity not found|identity/i,
    );
  });
});
