import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBaseUrl, parseListenAddress } from '../../../backends/emulator/listen-address.js';

describe('parseListenAddress', () => {
  const valid = [
    { listen: '127.0.0.1:0', host: '127.0.0.1', port: 0 },
    { listen: 'localhost:8080', host: 'localhost', port: 8080 },
    { listen: '[::1]:9000', host: '::1', port: 9000 },
  ];
  for (const { listen, host, port } of valid) {
    it(`parses ${listen}`, () => {
      assert.deepEqual(parseListenAddress(listen), { host, port });
    });
  }

  for (const listen of ['8080', '127.0.0.1', '127.0.0.1:70000', '::1:80', 'host:port', '']) {
    it(`rejects "${listen}" naming the value`, () => {
      assert.throws(() => parseListenAddress(listen), {
        code: 'CONFD_CONFIG',
        message: `emulator listen address must be HOST:PORT (e.g. 127.0.0.1:8080), got "${listen}"`,
      });
    });
  }

  it('brackets IPv6 hosts in base URLs', () => {
    assert.equal(formatBaseUrl('::1', 80), 'http://[::1]:80');
    assert.equal(formatBaseUrl('127.0.0.1', 80), 'http://127.0.0.1:80');
  });
});
