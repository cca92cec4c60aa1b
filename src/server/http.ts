// The HTTP front end: POST / and /RPC2 (and /xmlrpc, /json) carry XML-RPC, POST /jsonrpc JSON-RPC (v1 and v2), OPTIONS answers CORS
// preflights. HTTP/1.1 keeps connections alive; 1.0 closes unless asked to keep alive (node's http does both).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Channel } from './context.js';
import type { RpcReplyStream, Xapi } from './xapi.js';

// `/json` is xapi's legacy alias of `/`; Xen Orchestra's xen-api posts XML-RPC to `/xmlrpc`.
const XMLRPC_PATHS: ReadonlySet<string> = new Set(['/', '/RPC2', '/xmlrpc', '/json']);
const JSONRPC_PATH = '/jsonrpc';
const PREFLIGHT_PATHS: ReadonlySet<string> = new Set(['/', '/RPC2', '/xmlrpc', '/json', '/jsonrpc']);
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'X-Requested-With',
} as const;

export interface HttpOptions {
  /** Largest request body accepted (413 beyond). */
  readonly maxBodyBytes?: number;
  /** How long an idle keep-alive connection stays open. */
  readonly keepAliveMs?: number;
  /** Who is calling, per request (default: an http channel); the unix front end passes its delegated channel. */
  readonly channel?: (req: IncomingMessage, res: ServerResponse) => Channel;
}

export interface HttpFrontEnd {
  readonly server: Server;
  /** `http://host:port` as bound (port 0 resolved). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then drops the rest. */
  close(graceMs?: number): Promise<void>;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? raw : raw.slice(0, q);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else parts.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(parts, size)));
    req.on('error', reject);
  });
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function plain(res: ServerResponse, status: number, title: string, detail = ''): void {
  const body = `<html><body><h1>HTTP ${status} ${escapeHtml(title)}</h1>${escapeHtml(detail)}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body), ...CORS_HEADERS });
  res.end(body);
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * A reply that fits in one piece goes out with a Content-Length; a bigger one (get_all_records of a big pool) is
 * sent chunked, each piece written before the next is encoded, so the whole reply never sits in memory.
 */
async function send(res: ServerResponse, reply: RpcReplyStream): Promise<void> {
  const first = reply.pieces.next();
  const head = first.done === true ? [] : first.value;
  let next = reply.pieces.next();
  if (next.done === true) {
    let length = 0;
    for (const c of head) length += c.length;
    res.writeHead(200, { 'Content-Type': reply.contentType, 'Content-Length': length, ...CORS_HEADERS });
    if (head.length === 1) {
      res.end(head[0]);
      return;
    }
    for (const c of head) res.write(c);
    res.end();
    return;
  }
  res.writeHead(200, { 'Content-Type': reply.contentType, ...CORS_HEADERS });
  let piece: readonly Buffer[] = head;
  for (;;) {
    let full = false;
    for (const c of piece) full = !res.write(c) || full;
    if (full) {
      await drained(res);
      if (res.destroyed) return;
    }
    if (next.done === true) break;
    piece = next.value;
    next = reply.pieces.next();
  }
  res.end();
}

/**
 * The caller as the dispatcher sees it. Its abort signal (blocking calls such as event.from give up when the client
 * goes away) is made on first use: most calls never look, and an AbortController per request is not free.
 * A class, not an object literal with a getter: a literal's getter is a new closure each time, which gives each
 * channel a hidden class of its own, and the transition tree then keeps every request's objects alive through
 * scavenges (they were all promoted, costing most of the per-request GC time).
 */
class HttpChannel implements Channel {
  readonly kind = 'http';
  readonly peer?: string;
  readonly #res: ServerResponse;
  #gone: AbortController | undefined;

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.#res = res;
    const peer = req.socket.remoteAddress;
    if (peer !== undefined) this.peer = peer;
  }

  get signal(): AbortSignal {
    if (this.#gone === undefined) {
      const controller = new AbortController();
      const res = this.#res;
      this.#gone = controller;
      if (res.closed && !res.writableFinished) controller.abort();
      else res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    return this.#gone.signal;
  }
}

function httpChannel(req: IncomingMessage, res: ServerResponse): Channel {
  return new HttpChannel(req, res);
}

/** The request listener, usable by an https server too. */
export function xapiRequestListener(xapi: Xapi, opts: HttpOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const limit = opts.maxBodyBytes ?? 256 * 1024 * 1024;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = pathOf(req.url);
    if (req.method === 'OPTIONS' && PREFLIGHT_PATHS.has(path)) {
      res.writeHead(200, { 'Content-Length': 0, ...CORS_HEADERS });
      res.end();
      return;
    }
    const isXml = req.method === 'POST' && XMLRPC_PATHS.has(path);
    const isJson = req.method === 'POST' && path === JSONRPC_PATH;
    if (!isXml && !isJson) {
      req.resume();
      plain(res, 404, 'not found', `${req.method ?? ''} ${path}`);
      return;
    }
    const body = await readBody(req, limit);
    if (body === undefined) {
      res.shouldKeepAlive = false;
      plain(res, 413, 'request entity too large');
      return;
    }
    const channel = (opts.channel ?? httpChannel)(req, res);
    let reply: RpcReplyStream;
    try {
      reply = isXml ? await xapi.streamXmlRpc(body, channel) : await xapi.streamJsonRpc(body, channel);
    } catch (e) {
      // A body that does not parse is not an API error: xapi answers HTTP 500.
      plain(res, 500, 'internal server error', e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      return;
    }
    await send(res, reply);
  };
  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) plain(res, 500, 'internal server error', e instanceof Error ? e.message : String(e));
      else res.destroy();
    });
  };
}

/**
 * Called when a front end starts closing: from then on every reply ends its connection. Without it a client looping
 * on a kept-alive connection (an event listener whose event.from the shutdown answers at once) spins on it until
 * the grace period ends; with it the client reconnects, finds the port closed and backs off.
 */
export function endKeepAlive(server: { on(event: 'request', listener: (req: IncomingMessage, res: ServerResponse) => void): unknown }): void {
  server.on('request', (_req, res) => {
    res.shouldKeepAlive = false;
  });
}

/** What the HTTP, HTTPS and unix-socket front ends share of node's servers. */
type ClosableServer = Pick<Server, 'close' | 'closeAllConnections' | 'closeIdleConnections'> & Parameters<typeof endKeepAlive>[0];
type ListeningServer = Pick<Server, 'once' | 'off' | 'listen' | 'address'>;

/** Stops accepting, ends keep-alive, lets in-flight requests finish (up to graceMs), then drops the rest. */
export function closeGracefully(server: ClosableServer, graceMs: number): Promise<void> {
  return new Promise<void>((done) => {
    endKeepAlive(server);
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearTimeout(timer);
      done();
    });
    server.closeIdleConnections();
  });
}

/** Listens on a TCP address; resolves with the URL and port as bound (port 0 resolved). */
export function listenTcp(server: ListeningServer, scheme: 'http' | 'https', host: string, port: number): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({ url: `${scheme}://${shownHost}:${addr.port}`, port: addr.port });
    });
  });
}

export async function listenHttp(xapi: Xapi, host: string, port: number, opts: HttpOptions = {}): Promise<HttpFrontEnd> {
  const server = createServer({ keepAlive: true }, xapiRequestListener(xapi, opts));
  server.keepAliveTimeout = opts.keepAliveMs ?? 60_000;
  const bound = await listenTcp(server, 'http', host, port);
  return { server, ...bound, close: (graceMs = 2000) => closeGracefully(server, graceMs) };
}
