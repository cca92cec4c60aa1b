// Real servers on loopback and unix sockets for the transport tests.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Seen {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

export interface Running {
  readonly port: number;
  readonly seen: Seen[];
  /** Sockets the server has accepted so far. */
  connections(): number;
}

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function run(server: http.Server, listen: (done: () => void) => void, seen: Seen[], fn: (r: Running) => Promise<void>): Promise<void> {
  let connections = 0;
  server.on(server instanceof https.Server ? 'secureConnection' : 'connection', () => (connections += 1));
  await new Promise<void>((resolve) => listen(resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? (addr as AddressInfo).port : 0;
  try {
    await fn({ port, seen, connections: () => connections });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function wrap(handler: Handler, seen: Seen[]): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', path: req.url ?? '', contentType: req.headers['content-type'] ?? '', body });
      handler(req, body, res);
    });
  };
}

export function withHttpServer(handler: Handler, fn: (r: Running) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = http.createServer(wrap(handler, seen));
  return run(server, (done) => server.listen(0, '127.0.0.1', done), seen, fn);
}

export function withHttpsServer(tls: { key: Buffer; cert: Buffer }, handler: Handler, fn: (r: Running) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = https.createServer(tls, wrap(handler, seen));
  return run(server, (done) => server.listen(0, '127.0.0.1', done), seen, fn);
}

export function withUnixServer(socketPath: string, handler: Handler, fn: (r: Running) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = http.createServer(wrap(handler, seen));
  return run(server, (done) => server.listen(socketPath, done), seen, fn);
}

export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-transport-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Answers every request with its own body, prefixed by the path. */
export const echo: Handler = (req, body, res) => {
  const reply = Buffer.from(`${req.url ?? ''} ${body}`);
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': reply.length });
  res.end(reply);
};
