import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { cliPath } from '../helpers/run-cli.js';

// The real CLI in a child process, so signals and exit codes are real.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

function startCommand(args: string[]): ChildProcess {
  const child = spawn(process.execPath, [cliPath, 'emulate', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}

// Resolves with the first stdout line, or rejects with stderr if the process ends first.
function readFirstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before a line: ${stderr}`)));
  });
}

async function runToExit(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = startCommand(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('confd-ts emulate', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`prints "listening on URL" first, serves with overrides, exits 0 on ${signal}`, async () => {
      const child = startCommand([
        '--imdsv1',
        '--instance-id',
        'i-0cli',
        '--listen',
        '127.0.0.1:0',
      ]);
      const line = await readFirstLine(child);
      const url = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line)?.[1];
      assert.ok(url !== undefined, line);
      const answer = await fetch(`${url}/latest/meta-data/instance-id`);
      assert.deepEqual([answer.status, await answer.text()], [200, 'i-0cli']);
      const exited = once(child, 'exit');
      child.kill(signal);
      assert.deepEqual(await exited, [0, null]);
    });
  }

  const otherClouds: {
    provider: string;
    path: string;
    headers: Record<string, string>;
    body: RegExp;
  }[] = [
    {
      provider: 'azure',
      path: '/metadata/versions',
      headers: { Metadata: 'true' },
      body: /apiVersions/,
    },
    {
      provider: 'gcp',
      path: '/computeMetadata/v1/project/project-id',
      headers: { 'Metadata-Flavor': 'Google' },
      body: /\S/,
    },
  ];
  for (const { provider, path, headers, body } of otherClouds) {
    it(`serves --provider ${provider} and exits 0 on SIGTERM`, async () => {
      const child = startCommand(['--provider', provider]);
      const url = (await readFirstLine(child)).replace('listening on ', '');
      const answer = await fetch(`${url}${path}`, { headers });
      assert.equal(answer.status, 200);
      assert.match(await answer.text(), body);
      child.kill('SIGTERM');
      assert.deepEqual(await once(child, 'exit'), [0, null]);
    });
  }

  it('applies fault injection flags: --error-rate 1 answers 500', async () => {
    const child = startCommand(['--error-rate', '1']);
    const url = (await readFirstLine(child)).replace('listening on ', '');
    const answer = await fetch(`${url}/latest/meta-data/instance-id`);
    assert.equal(answer.status, 500);
    child.kill('SIGTERM');
    assert.deepEqual(await once(child, 'exit'), [0, null]);
  });

  it('documents its options with examples in --help', async () => {
    const { code, stdout } = await runToExit(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Fault injection:/);
    assert.match(stdout, /--role-name/);
    assert.match(stdout, /confd-ts emulate --listen 127\.0\.0\.1:8080 --imdsv1/);
  });

  const refused = [
    {
      args: ['--provider', 'azure', '--imdsv1'],
      message: /--imdsv1: only for --provider aws, not azure/,
    },
    {
      args: ['--provider', 'gcp', '--instance-id', 'i-1', '--token-ttl-cap', '5'],
      message: /--token-ttl-cap, --instance-id: only for --provider aws, not gcp/,
    },
    {
      args: ['--error-rate', '2'],
      message: /errorRate \(--error-rate\) must be a number from 0 to 1, got 2/,
    },
    { args: ['--listen', 'nowhere'], message: /listen address must be HOST:PORT.*got "nowhere"/ },
    {
      args: ['--data', '/nonexistent/imds.json'],
      message: /emulator data \/nonexistent\/imds\.json: ENOENT/,
    },
  ];
  for (const { args, message } of refused) {
    it(`refuses ${args.join(' ')} with a message naming it`, async () => {
      const { code, stderr } = await runToExit(args);
      assert.equal(code, 2);
      assert.match(stderr, message);
    });
  }
});
