// XML-RPC and JSON-RPC over HTTP/1.1 (plain, TLS, or a unix socket), on keep-alive connections.
import http from 'node:http';
import https from 'node:https';
import { readBody } from './body.js';
import { TransportError, toTransportError } from './errors.js';
import type { RpcOptions, Transport, TransportKind, WireProtocol } from './types.js';

/** Where xapi serves each protocol (REFERENCE.md §1.1). */
const PATHS: Readonly<Record<WireProtocol, string>> = Object.freeze({ xmlrpc: '/', jsonrpc: '/jsonrpc' });
const CONTENT_TYPES: Readonly<Record<WireProtocol, string>> = Object.freeze({ xmlrpc: 'text/xml', jsonrpc: 'application/json' });
const USER_AGENT = 'xenctl';
const SNIPPET_CHARS = 200;
/** A host that drops SYNs would otherwise hold the command for the kernel's ~2 minutes. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

export interface Endpoint {
  readonly kind: TransportKind;
  /** For messages: `https://pool1:443`, `unix:/run/xapi`. */
  readonly target: string;
  readonly request: typeof http.request;
  readonly agent: http.Agent;
  readonly base: http.RequestOptions;
  readonly delegated: boolean;
  readonly connectTimeoutMs: number;
}

function isReset(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}

export class HttpRpcTransport implements Transport {
  readonly kind: TransportKind;
  readonly delegated: boolean;
  readonly offersJson = 'probe' as const;
  readonly target: string;
  readonly #ep: Endpoint;

  constructor(ep: Endpoint) {
    this.#ep = ep;
    this.kind = ep.kind;
    this.delegated = ep.delegated;
    this.target = ep.target;
  }

  rpc(body: string, protocol: WireProtocol, opts: RpcOptions = {}): Promise<Buffer> {
    return this.#attempt(Buffer.from(body, 'utf8'), protocol, opts, true);
  }

  #attempt(payload: Buffer, protocol: WireProtocol, opts: RpcOptions, mayRetry: boolean): Promise<Buffer> {
    const ep = this.#ep;
    return new Promise<Buffer>((resolve, reject) => {
      let answered = false;
      const req = ep.request({
        ...ep.base,
        agent: ep.agent,
        method: 'POST',
        path: PATHS[protocol],
        headers: {
          'content-type': CONTENT_TYPES[protocol],
          'content-length': payload.length,
          accept: CONTENT_TYPES[protocol],
          'user-agent': USER_AGENT,
        },
        ...(opts.signal === undefined ? {} : { signal: opts.signal }),
      });
      req.on('response', (res) => {
        answered = true;
        const status = res.statusCode ?? 0;
        if (status === 200) {
          readBody(res, ep.target).then(resolve, reject);
          return;
        }
        // Keep the start of the body: xapi explains a 500 there (`Xmlrpc.Parse_error(...)`).
        let snippet = '';
        res.on('data', (chunk: Buffer) => {
          if (snippet.length < SNIPPET_CHARS) snippet += chunk.toString('utf8', 0, SNIPPET_CHARS);
        });
        res.on('error', () => undefined);
        res.on('close', () => {
          const said = snippet.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, SNIPPET_CHARS);
          const text = `${ep.target} answered HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd() + ` to POST ${PATHS[protocol]}${said === '' ? '' : `: ${said}`}`;
          reject(new TransportError(`HTTP_${status}`, ep.target, text));
        });
      });
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        const timer = setTimeout(() => {
          req.destroy(Object.assign(new Error(`no connection within ${ep.connectTimeoutMs} ms`), { code: 'ETIMEDOUT' }));
        }, ep.connectTimeoutMs);
        const clear = (): void => clearTimeout(timer);
        socket.once('connect', clear);
        socket.once('close', clear);
      });
      req.on('error', (err) => {
        // A kept-alive connection the server closed while idle fails at once on reuse; try a fresh one, once.
        if (!answered && mayRetry && req.reusedSocket && isReset(err)) {
          this.#attempt(payload, protocol, opts, false).then(resolve, reject);
          return;
        }
        // A person declining a certificate question (the CLI's InterruptedError, exit 130) is not a transport failure.
        reject(err.name === 'InterruptedError' ? err : toTransportError(err, ep.target));
      });
      req.end(payload);
    });
  }

  async close(): Promise<void> {
    this.#ep.agent.destroy();
  }
}

export interface HttpTransportOptions {
  /** The certificates (PEM) to trust; absent: Node's bundled roots. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Skip certificate verification (the CLI warns each time). */
  readonly insecure?: boolean;
  readonly connectTimeoutMs?: number;
}

function hostText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function httpTransport(scheme: 'http' | 'https', host: string, port: number, opts: HttpTransportOptions = {}): Transport {
  const target = `${scheme}://${hostText(host)}:${port}`;
  const base: http.RequestOptions = { host, port };
  const connectTimeoutMs = opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  if (scheme === 'http') {
    const agent = new http.Agent({ keepAlive: true, scheduling: 'lifo' });
    return new HttpRpcTransport({ kind: 'http', target, request: http.request, agent, base, delegated: false, connectTimeoutMs });
  }
  const agent = new https.Agent({
    keepAlive: true,
    scheduling: 'lifo',
    rejectUnauthorized: opts.insecure !== true,
    ...(opts.ca === undefined ? {} : { ca: typeof opts.ca === 'string' || Buffer.isBuffer(opts.ca) ? opts.ca : [...opts.ca] }),
  });
  return new HttpRpcTransport({ kind: 'https', target, request: https.request, agent, base, delegated: false, connectTimeoutMs });
}
