import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';

import { resolveAwsEndpoint } from '../../../backends/aws/endpoint.js';
import { ConfigError } from '../../../src/errors.js';

// The SDK reads these from process.env; each test sets what it needs and they are restored after.
const sdkVariables = [
  'AWS_EC2_METADATA_SERVICE_ENDPOINT',
  'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
  'AWS_CONFIG_FILE',
  'AWS_PROFILE',
] as const;
const saved = Object.fromEntries(sdkVariables.map((name) => [name, process.env[name]]));
let dir = '';

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'confd-endpoint-'));
});
after(() => rm(dir, { recursive: true, force: true }));

// A clean SDK environment: no variables, and a shared config file that does not exist.
function resetSdkEnvironment(): void {
  for (const name of sdkVariables) delete process.env[name];
  process.env.AWS_CONFIG_FILE = path.join(dir, 'absent-config');
}

afterEach(() => {
  for (const name of sdkVariables) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

describe('resolveAwsEndpoint', () => {
  it('defaults to the IPv4 link-local address', async () => {
    resetSdkEnvironment();
    assert.equal(await resolveAwsEndpoint({ env: {} }), 'http://169.254.169.254');
  });

  it('prefers the flag over every variable', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = 'http://sdk.example:1';
    const env = { IMDS_ENDPOINT: 'http://env.example:2' };
    assert.equal(
      await resolveAwsEndpoint({ flag: 'http://127.0.0.1:1338/', env }),
      'http://127.0.0.1:1338',
    );
  });

  it('prefers IMDS_ENDPOINT over the AWS SDK variables', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = 'http://sdk.example:1';
    const env = { IMDS_ENDPOINT: 'http://env.example:2//' };
    assert.equal(await resolveAwsEndpoint({ env }), 'http://env.example:2');
  });

  it('reads IMDS_ENDPOINT from process.env when no env is given', async () => {
    resetSdkEnvironment();
    const previous = process.env.IMDS_ENDPOINT;
    process.env.IMDS_ENDPOINT = 'http://from-process.example';
    try {
      assert.equal(await resolveAwsEndpoint(), 'http://from-process.example');
    } finally {
      if (previous === undefined) delete process.env.IMDS_ENDPOINT;
      else process.env.IMDS_ENDPOINT = previous;
    }
  });

  it('uses AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = 'http://localhost:1338/';
    assert.equal(await resolveAwsEndpoint({ env: {} }), 'http://localhost:1338');
  });

  it('maps AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 to the IPv6 address', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = 'IPv6';
    assert.equal(await resolveAwsEndpoint({ env: {} }), 'http://[fd00:ec2::254]');
  });

  it('lets the endpoint win over the endpoint mode', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = 'IPv6';
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = 'http://10.0.0.1';
    assert.equal(await resolveAwsEndpoint({ env: {} }), 'http://10.0.0.1');
  });

  it('reads ec2_metadata_service_endpoint from the shared AWS config file', async () => {
    resetSdkEnvironment();
    const configFile = path.join(dir, 'config');
    await writeFile(
      configFile,
      '[default]\nec2_metadata_service_endpoint = http://10.1.2.3:8080\n',
    );
    process.env.AWS_CONFIG_FILE = configFile;
    assert.equal(await resolveAwsEndpoint({ env: {} }), 'http://10.1.2.3:8080');
  });

  it('rejects an unknown endpoint mode with ConfigError', async () => {
    resetSdkEnvironment();
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = 'IPv5';
    await assert.rejects(resolveAwsEndpoint({ env: {} }), (err: ConfigError) => {
      assert.ok(err instanceof ConfigError);
      assert.match(err.message, /Unsupported endpoint mode: IPv5/);
      return true;
    });
  });

  const invalid = [
    { name: 'not a URL', flag: 'localhost:1338', message: /--endpoint: .*"localhost:1338"/ },
    {
      name: 'not http',
      flag: 'ftp://host',
      message: /expected an http or https URL, got "ftp:\/\/host"/,
    },
    { name: 'a query', flag: 'http://host/?a=1', message: /takes no query or fragment/ },
    { name: 'garbage', flag: '::', message: /--endpoint: not a URL: "::"/ },
  ];
  for (const { name, flag, message } of invalid) {
    it(`rejects a flag that is ${name}`, async () => {
      await assert.rejects(resolveAwsEndpoint({ flag, env: {} }), { name: 'ConfigError', message });
    });
  }

  it('names IMDS_ENDPOINT when its value is invalid', async () => {
    await assert.rejects(resolveAwsEndpoint({ env: { IMDS_ENDPOINT: 'nope' } }), {
      message: 'IMDS_ENDPOINT: not a URL: "nope"',
    });
  });

  it('keeps a base path and an https scheme', async () => {
    assert.equal(
      await resolveAwsEndpoint({ flag: 'https://proxy.example/imds/', env: {} }),
      'https://proxy.example/imds',
    );
  });
});
