// The reference server (createXapi over an in-memory store) behind its real HTTP front end, for client tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getModel } from '../../src/model/index.js';
import { xapiRequestListener } from '../../src/server/http.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';

export const PASSWORD = 'correct horse';

export interface RunningXapi {
  readonly xapi: Xapi;
  readonly port: number;
  readonly url: string;
  /** Request paths seen, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

export interface StartOptions {
  readonly host?: string;
  readonly port?: number;
  /** Answer 404 at /jsonrpc, like a server without JSON-RPC. */
  readonly noJson?: boolean;
  /** Pool supporter: every login answers HOST_IS_SLAVE with this address. */
  readonly supporterOf?: string;
}

export async function startXapi(opts: StartOptions = {}): Promise<RunningXapi> {
  const xapi = createXapi({
    model: getModel(),
    store: openMemoryStore(),
    settings: { authFailureDelayMs: 0, ...(opts.supporterOf === undefined ? {} : { supporterOf: opts.supporterOf }) },
  });
  await xapi.context.accounts.setPassword('root', PASSWORD);
  const inner = xapiRequestListener(xapi);
  const paths: string[] = [];
  const server: Server = createServer({ keepAlive: true }, (req: IncomingMessage, res: ServerResponse) => {
    paths.push(req.url ?? '');
    if (opts.noJson === true && req.url === '/jsonrpc') {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    inner(req, res);
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    xapi,
    port,
    url: `http://${host}:${port}`,
    paths,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await xapi.drain();
    },
  };
}
