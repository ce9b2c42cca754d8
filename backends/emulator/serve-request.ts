import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultInjector } from './fault-injection.js';
import type { EmulatorResponse, ProviderRoutes } from './provider-routes.js';
import type { RequestLog } from './request-log.js';

/** What answering one request needs. */
export interface ServeContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly routes: ProviderRoutes;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** Aborted when the emulator closes: cuts injected latency short. */
  readonly signal: AbortSignal;
  /** Told about a route that failed; the client then gets the provider's 500. */
  readonly onWarning?: ((message: string) => void) | undefined;
}

/**
 * Applies the faults, then the provider's answer, and records the exchange. A route that throws
 * is reported to `onWarning` and answered with the provider's 500; a client that went away or
 * the emulator closing only drops the connection.
 */
export async function serveRequest(context: ServeContext): Promise<void> {
  const { req, res, routes, faults, signal } = context;
  const clientGone = watchClient(res);
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const injected = faults.admit();
  let body: string;
  try {
    body = await readBody(req);
    const latencyMs = faults.current.latencyMs ?? 0;
    if (latencyMs > 0) await sleep(latencyMs, undefined, { signal });
  } catch {
    // Only a client gone mid-request or closing the emulator (aborted latency) lands here.
    res.destroy();
    return;
  }
  let response: EmulatorResponse;
  try {
    response =
      injected === undefined
        ? await routes.handle({ method, url, headers: req.headers, body, signal: clientGone })
        : routes.renderStatus(injected);
    writeResponse(res, response);
  } catch (err) {
    if (clientGone.aborted || signal.aborted) return void res.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    context.onWarning?.(`emulator: ${method} ${url} failed, answered 500: ${reason}`);
    if (res.headersSent) return void res.destroy();
    response = routes.renderStatus(500);
    writeResponse(res, response);
  }
  context.requests.record({ method, path: url, status: response.status });
}

// Aborts once the response is closed: sent, or the connection dropped before that.
function watchClient(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => controller.abort());
  return controller.signal;
}

function writeResponse(res: ServerResponse, response: EmulatorResponse): void {
  res.writeHead(response.status, {
    ...response.headers,
    'Content-Length': String(Buffer.byteLength(response.body)),
  });
  res.end(response.body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
