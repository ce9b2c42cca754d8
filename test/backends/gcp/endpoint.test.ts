import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveGcpEndpoint } from '../../../backends/gcp/endpoint.js';
import { ConfigError } from '../../../src/errors.js';

describe('resolveGcpEndpoint', () => {
  const cases: { name: string; flag?: string; env: NodeJS.ProcessEnv; expected: string }[] = [
    { name: 'the default', env: {}, expected: 'http://metadata.google.internal' },
    {
      name: 'the flag before everything',
      flag: 'http://127.0.0.1:8080/',
      env: { IMDS_ENDPOINT: 'http://a', GCE_METADATA_HOST: 'b' },
      expected: 'http://127.0.0.1:8080',
    },
    {
      name: 'IMDS_ENDPOINT before GCE_METADATA_HOST',
      env: { IMDS_ENDPOINT: 'http://a:1', GCE_METADATA_HOST: 'b' },
      expected: 'http://a:1',
    },
    {
      name: 'GCE_METADATA_HOST as host:port',
      env: { GCE_METADATA_HOST: '127.0.0.1:9090' },
      expected: 'http://127.0.0.1:9090',
    },
    {
      name: 'GCE_METADATA_HOST with a scheme',
      env: { GCE_METADATA_HOST: 'https://md.example' },
      expected: 'https://md.example',
    },
    {
      name: 'GCE_METADATA_HOST as an IPv4 address',
      env: { GCE_METADATA_HOST: '169.254.169.254' },
      expected: 'http://169.254.169.254',
    },
  ];
  for (const { name, flag, env, expected } of cases) {
    it(`takes ${name}`, () => assert.equal(resolveGcpEndpoint({ flag, env }), expected));
  }

  it('names the source of a bad value', () => {
    assert.throws(
      () => resolveGcpEndpoint({ env: { GCE_METADATA_HOST: 'ftp://x' } }),
      (err: unknown) =>
        err instanceof ConfigError && /^GCE_METADATA_HOST: expected an http/.test(err.message),
    );
    assert.throws(
      () => resolveGcpEndpoint({ flag: 'http://x/?a=1', env: {} }),
      (err: unknown) =>
        err instanceof ConfigError && /^--endpoint: a base URL takes no query/.test(err.message),
    );
  });
});
