import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A minimal IMDSv2 server whose token behaviour a test scripts, where the emulator cannot. */
export interface ScriptedServer {
  readonly url: string;
  readonly tokenRequests: number;
  close(): Promise<void>;
}

export interface TokenScript {
  /** Tokens handed out by successive PUTs (the last one repeats). */
  tokens: string[];
  /** Tokens that GETs accept; any other gets 401. */
  accepted: string[];
}

// `gone` is listed but answers 404, as a key removed between listing and fetch would.
const tree: Record<string, string> = {
  '/latest/meta-data/': 'instance-id\ngone\n',
  '/latest/meta-data/instance-id': 'i-scripted',
};

/** Serves `tree` to GETs carrying an accepted token, and tokens in script order to PUTs. */
export async function startScriptedServer(script: TokenScript): Promise<ScriptedServer> {
  let tokenRequests = 0;
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT') {
      const token = script.tokens[Math.min(tokenRequests, script.tokens.length - 1)] ?? '';
      tokenRequests += 1;
      res.writeHead(200, { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' }).end(token);
      return;
    }
    const token = req.headers['x-aws-ec2-metadata-token'];
    if (typeof token !== 'string' || !script.accepted.includes(token))
      return void res.writeHead(401).end();
    const body = tree[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200).end(body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get tokenRequests() {
      return tokenRequests;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
