import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Provider } from '../../backends/backend.js';
import { detectProvider } from '../../backends/detect.js';
import { startEmulator, type RunningEmulator } from '../../backends/emulator/start-emulator.js';
import { BackendError } from '../../src/errors.js';

const everywhere = (url: string): Record<Provider, string> => ({ aws: url, azure: url, gcp: url });

describe('detectProvider', () => {
  let dmiRoot: string;
  let closedUrl: string;
  before(async () => {
    dmiRoot = await mkdtemp(join(tmpdir(), 'confd-dmi-'));
    const closed = await startEmulator({ provider: 'aws' });
    closedUrl = closed.url;
    await closed.close();
  });
  after(() => rm(dmiRoot, { recursive: true, force: true }));

  const dmiCases: {
    name: string;
    files: Record<string, string>;
    provider: Provider;
    reason: RegExp;
  }[] = [
    {
      name: 'EC2 sys_vendor',
      files: { sys_vendor: 'Amazon EC2\n' },
      provider: 'aws',
      reason: /sys_vendor is "Amazon EC2"/,
    },
    {
      name: 'EC2 board_vendor (metal)',
      files: { board_vendor: 'Amazon EC2\n', sys_vendor: 'Amazon' },
      provider: 'aws',
      reason: /board_vendor/,
    },
    {
      name: 'Azure asset tag',
      files: {
        sys_vendor: 'Microsoft Corporation\n',
        chassis_asset_tag: '7783-7084-3265-9085-8269-3286-77\n',
      },
      provider: 'azure',
      reason: /chassis_asset_tag/,
    },
    {
      name: 'GCE product name',
      files: { product_name: 'Google Compute Engine\n', sys_vendor: 'Google\n' },
      provider: 'gcp',
      reason: /product_name is "Google Compute Engine"/,
    },
  ];
  for (const { name, files, provider, reason } of dmiCases) {
    it(`reads DMI: ${name}`, async () => {
      const dir = await mkdtemp(join(dmiRoot, 'case-'));
      for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
      const detection = await detectProvider({
        endpoints: everywhere(closedUrl),
        explicitEndpoint: false,
        dmiDir: dir,
      });
      assert.equal(detection.provider, provider);
      assert.match(detection.reason, reason);
    });
  }

  it('ignores a Microsoft machine without the Azure asset tag (Hyper-V) and probes instead', async () => {
    const dir = await mkdtemp(join(dmiRoot, 'hyperv-'));
    await writeFile(join(dir, 'sys_vendor'), 'Microsoft Corporation\n');
    await assert.rejects(
      detectProvider({
        endpoints: everywhere(closedUrl),
        explicitEndpoint: false,
        dmiDir: dir,
        probeTimeoutMs: 300,
      }),
      (err) => err instanceof BackendError && err.code === 'BACKEND_UNREACHABLE',
    );
  });

  describe('probes', () => {
    let aws: RunningEmulator;
    before(async () => {
      aws = await startEmulator({ provider: 'aws' });
    });
    after(() => aws.close());

    it('lets the probe decide with an explicit endpoint, whatever DMI says', async () => {
      const dir = await mkdtemp(join(dmiRoot, 'gce-'));
      await writeFile(join(dir, 'product_name'), 'Google Compute Engine\n');
      const detection = await detectProvider({
        endpoints: everywhere(aws.url),
        explicitEndpoint: true,
        dmiDir: dir,
      });
      assert.deepEqual(detection, {
        provider: 'aws',
        reason: `the aws protocol answered at ${aws.url}`,
      });
    });

    it('fails with every endpoint it tried when nothing answers', async () => {
      await assert.rejects(
        detectProvider({
          endpoints: everywhere(closedUrl),
          explicitEndpoint: true,
          probeTimeoutMs: 300,
        }),
        (err) => {
          assert.ok(err instanceof BackendError);
          assert.equal(err.code, 'BACKEND_UNREACHABLE');
          assert.match(
            err.message,
            new RegExp(`no metadata service answered \\(tried aws at ${closedUrl}, azure at`),
          );
          return true;
        },
      );
    });
  });
});
