// Benchmark: a full walk of the AWS emulator's built-in tree at 20 ms latency per request, by
// confd-ts, by straightforward walks with the AWS SDK's MetadataService, and the floor
// (tree depth + 1 token) x latency; and the peak memory of each. Prints a table with ratios;
// `npm run bench`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { MetadataService } from '@aws-sdk/ec2-metadata-service';
import { createAwsBackend } from '../backends/aws/client.js';
import { startEmulator, type RunningEmulator } from '../backends/emulator/start-emulator.js';

const latencyMs = 20;
const runs = 7;
const roots = ['/meta-data', '/dynamic', '/user-data'];

interface Row {
  readonly name: string;
  readonly medianMs: number;
  readonly requests: number;
  readonly keys: number;
  /** Peak resident memory of a fresh process doing the walks, above an idle one's. */
  readonly peakRssMb: number;
}

type Walker = (endpoint: string) => Promise<number>;

const walkers: Record<string, Walker> = {
  'confd-ts (cold cache)': async (endpoint) => {
    const backend = createAwsBackend({ endpoint, cacheTtlMs: 60_000 });
    try {
      return (await backend.getValues(roots)).size;
    } finally {
      await backend.close();
    }
  },
  'AWS SDK MetadataService, sequential walk': async (endpoint) =>
    (await walkWithSdk(new MetadataService({ endpoint }), false)).size,
  'AWS SDK MetadataService, Promise.all per directory': async (endpoint) =>
    (await walkWithSdk(new MetadataService({ endpoint }), true)).size,
};

// What a TypeScript user would write with the SDK: list, recurse into `x/`, fetch the rest.
async function walkWithSdk(sdk: MetadataService, parallel: boolean): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const fetchLeaf = async (path: string): Promise<void> => {
    try {
      values.set(path, await sdk.request(path, {}));
    } catch {
      // absent keys (user-data when unset) answer 404
    }
  };
  const visit = async (dir: string): Promise<void> => {
    const entries = (await sdk.request(dir, {})).split('\n').filter(Boolean);
    const visitEntry = (entry: string): Promise<void> => {
      if (entry.includes('=')) return visit(`${dir}${entry.split('=')[0] ?? entry}/`);
      return entry.endsWith('/') ? visit(dir + entry) : fetchLeaf(dir + entry);
    };
    if (parallel) await Promise.all(entries.map(visitEntry));
    else for (const entry of entries) await visitEntry(entry);
  };
  // /latest/ lists its children without a trailing slash: meta-data and dynamic are directories.
  await Promise.all([
    visit('/latest/meta-data/'),
    visit('/latest/dynamic/'),
    fetchLeaf('/latest/user-data'),
  ]);
  return values;
}

async function measure(name: string, walker: Walker, emulator: RunningEmulator): Promise<Row> {
  const times: number[] = [];
  let requests = 0;
  let keys = 0;
  for (let run = 0; run < runs; run += 1) {
    emulator.resetRequests();
    const started = performance.now();
    keys = await walker(emulator.url);
    times.push(performance.now() - started);
    requests = emulator.requests.length;
  }
  times.sort((a, b) => a - b);
  const peakRssMb =
    (await measurePeakRssKb(name, emulator.url)) - (await measurePeakRssKb('', emulator.url));
  return {
    name,
    medianMs: times[Math.floor(times.length / 2)] ?? 0,
    requests,
    keys,
    peakRssMb: peakRssMb / 1024,
  };
}

// Runs the walker `runs` times in a fresh Node process ('' = none) and reads its peak RSS (KiB).
async function measurePeakRssKb(walkerName: string, url: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--peak-rss', walkerName, url],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  await once(child, 'close');
  return Number(output.trim());
}

// The child side of measurePeakRssKb.
async function reportPeakRss(walkerName: string, url: string): Promise<void> {
  const walker = walkers[walkerName];
  for (let run = 0; walker && run < runs; run += 1) await walker(url);
  process.stdout.write(`${process.resourceUsage().maxRSS}\n`);
}

// Depth of the tree: path segments of the deepest key, each level one listing, the last the leaf.
async function measureTree(
  emulator: RunningEmulator,
): Promise<{ depth: number; nodes: number; keys: number }> {
  emulator.resetRequests();
  const backend = createAwsBackend({ endpoint: emulator.url, cacheTtlMs: 60_000 });
  const values = await backend.getValues(roots);
  await backend.close();
  const depth = Math.max(...[...values.keys()].map((key) => key.split('/').length - 1));
  const nodes = emulator.requests.filter((request) => request.method === 'GET').length;
  return { depth, nodes, keys: values.size };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ provider: 'aws', latencyMs });
  try {
    const tree = await measureTree(emulator);
    const floorMs = (tree.depth + 1) * latencyMs;
    const rows: Row[] = [];
    for (const [name, walker] of Object.entries(walkers))
      rows.push(await measure(name, walker, emulator));
    const confd = rows[0]?.medianMs ?? 1;
    console.log(
      `Full walk of the AWS emulator's built-in tree, ${latencyMs} ms latency per request, median of ${runs} runs`,
    );
    console.log(
      `tree: ${tree.keys} keys, ${tree.nodes} nodes (listings + leaves), depth ${tree.depth}\n`,
    );
    console.log(
      '| walker | median ms | requests | keys | x floor | x confd-ts | peak RSS MB | x confd-ts |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| floor: (depth ${tree.depth} + 1) x ${latencyMs} ms | ${floorMs} | ${tree.nodes + 1} | ${tree.keys} | 1.00 | ${(floorMs / confd).toFixed(2)} | | |`,
    );
    const confdRss = rows[0]?.peakRssMb ?? 1;
    for (const row of rows) {
      console.log(
        `| ${row.name} | ${row.medianMs.toFixed(0)} | ${row.requests} | ${row.keys} | ${(row.medianMs / floorMs).toFixed(2)} | ${(row.medianMs / confd).toFixed(2)} | ${row.peakRssMb.toFixed(1)} | ${(row.peakRssMb / confdRss).toFixed(2)} |`,
      );
    }
    console.log(
      `\npeak RSS: a fresh process walking ${runs} times, minus an idle process that loaded the same modules`,
    );
    const confdRow = rows[0];
    if (confdRow) {
      const target = confdRow.medianMs <= 1.5 * floorMs && confdRow.requests === tree.nodes + 1;
      console.log(
        `\ntarget (within 1.5x of the floor, requests = nodes + 1 token): ${target ? 'met' : 'NOT met'}`,
      );
    }
  } finally {
    await emulator.close();
  }
}

const [mode, walkerName = '', url = ''] = process.argv.slice(2);
if (mode === '--peak-rss') await reportPeakRss(walkerName, url);
else await main();
