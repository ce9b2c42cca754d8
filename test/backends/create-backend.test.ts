import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Provider } from '../../backends/backend.js';
import { createBackend, type BackendSettings } from '../../backends/create-backend.js';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { ConfigError } from '../../src/errors.js';
import { createSilentLogger } from '../../src/log.js';

// No network: every case here either fails while resolving endpoints or talks to the emulator.
function settingsFor(provider: Provider | 'auto', env: NodeJS.ProcessEnv): BackendSettings {
  return {
    provider,
    endpoint: undefined,
    emulate: undefined,
    emulateData: undefined,
    cacheTtlMs: 1000,
    logger: createSilentLogger(),
    env,
  };
}

describe('createBackend endpoint sources', () => {
  let emulator: RunningEmulator;
  const savedSdkEndpoint = process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
  before(async () => {
    emulator = await startEmulator({ provider: 'gcp' });
  });
  after(() => emulator.close());
  afterEach(() => {
    if (savedSdkEndpoint === undefined) delete process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    else process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = savedSdkEndpoint;
  });

  for (const provider of ['aws', 'azure', 'gcp', 'auto'] as const) {
    it(`--provider ${provider}: a bad IMDS_ENDPOINT is named as IMDS_ENDPOINT`, async () => {
      await assert.rejects(
        createBackend(settingsFor(provider, { IMDS_ENDPOINT: 'not a url' })),
        (err: unknown) =>
          err instanceof ConfigError && err.message === 'IMDS_ENDPOINT: not a URL: "not a url"',
      );
    });
  }

  it('a bad --endpoint is still named as --endpoint', async () => {
    const settings = { ...settingsFor('gcp', { IMDS_ENDPOINT: 'http://ok' }), endpoint: 'nope' };
    await assert.rejects(
      createBackend(settings),
      (err: unknown) =>
        err instanceof ConfigError && err.message === '--endpoint: not a URL: "nope"',
    );
  });

  it('--provider gcp ignores a bad AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = 'not a url';
    await assert.rejects(createBackend(settingsFor('aws', {})), ConfigError);
    const backend = await createBackend(settingsFor('gcp', { GCE_METADATA_HOST: emulator.url }));
    try {
      assert.equal(backend.provider, 'gcp');
      const values = await backend.getValues(['/instance/id']);
      assert.equal(values.get('/instance/id'), '5775171277418378123');
    } finally {
      await backend.close();
    }
  });
});
