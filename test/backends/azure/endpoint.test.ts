import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { explainBadRequest } from '../../../backends/azure/bad-request.js';
import { resolveAzureEndpoint } from '../../../backends/azure/endpoint.js';
import { ConfigError } from '../../../src/errors.js';

describe('resolveAzureEndpoint', () => {
  it('takes the flag, then IMDS_ENDPOINT, then 169.254.169.254', () => {
    const env = { IMDS_ENDPOINT: 'http://127.0.0.1:9000/' };
    assert.equal(
      resolveAzureEndpoint({ flag: 'http://10.0.0.1:8080', env }),
      'http://10.0.0.1:8080',
    );
    assert.equal(resolveAzureEndpoint({ env }), 'http://127.0.0.1:9000');
    assert.equal(resolveAzureEndpoint({ env: {} }), 'http://169.254.169.254');
  });

  it('refuses what is not an http(s) base URL, naming the source', () => {
    assert.throws(
      () => resolveAzureEndpoint({ flag: 'ftp://x' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /--endpoint: expected an http or https URL, got "ftp:\/\/x"/);
        return true;
      },
    );
    assert.throws(
      () => resolveAzureEndpoint({ env: { IMDS_ENDPOINT: 'nope' } }),
      /IMDS_ENDPOINT: not a URL/,
    );
  });
});

describe('explainBadRequest', () => {
  it('says a missing Metadata header is what Azure refused', () => {
    const err = explainBadRequest(
      'http://x/metadata/instance',
      '{"error":"Bad request. Required metadata header not specified"}',
      '2023-07-01',
    );
    assert.equal(err.status, 400);
    assert.match(err.message, /"Bad request. Required metadata header not specified"/);
    assert.match(err.message, /"Metadata: true" header/);
  });

  it('quotes a body that is not Azure JSON', () => {
    const err = explainBadRequest('http://x/metadata/instance', '<html>proxy</html>', '2023-07-01');
    assert.match(
      err.message,
      /answered 400 "<html>proxy<\/html>": Azure IMDS rejected the request/,
    );
  });
});
