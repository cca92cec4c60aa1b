// The in-process transport: the embedded reference server answers without sockets. The CLI builds the handler
// from src/server; this layer only knows its shape (the transport must not import the server).
import { TransportError } from './errors.js';
import type { Transport, WireProtocol } from './types.js';

export interface LocalChannel {
  readonly kind: 'local';
  readonly user?: string;
}

type Chunk = Buffer | string;

/** A reply: whole, or in chunks (big replies are encoded in pieces, never as one 80 MB string). */
export type LocalReply = Chunk | { readonly chunks: readonly Chunk[] } | Iterable<Chunk> | AsyncIterable<Chunk>;

export interface LocalRpcHandler {
  handleXmlRpc(body: string, channel: LocalChannel): Promise<LocalReply>;
  handleJsonRpc(body: string, channel: LocalChannel): Promise<LocalReply>;
}

/** Copies chunks straight into one buffer of the exact size. */
function join(chunks: readonly Chunk[]): Buffer {
  if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0];
  let total = 0;
  for (const c of chunks) total += typeof c === 'string' ? Buffer.byteLength(c, 'utf8') : c.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const c of chunks) at += typeof c === 'string' ? out.write(c, at, 'utf8') : c.copy(out, at);
  return out;
}

async function collect(reply: LocalReply): Promise<Buffer> {
  if (Buffer.isBuffer(reply)) return reply;
  if (typeof reply === 'string') return Buffer.from(reply, 'utf8');
  if ('chunks' in reply) return join(reply.chunks);
  const chunks: Chunk[] = [];
  for await (const chunk of reply) chunks.push(chunk);
  return join(chunks);
}

export interface LocalTransportOptions {
  /** Releases the embedded server (its state lock, journal) when the transport closes. */
  readonly close?: () => Promise<void>;
  readonly user?: string;
  /** For messages, e.g. `local:/home/u/.local/share/xenctl/local`. */
  readonly target?: string;
}

export function localTransport(handler: LocalRpcHandler, opts: LocalTransportOptions = {}): Transport {
  const channel: LocalChannel = opts.user === undefined ? { kind: 'local' } : { kind: 'local', user: opts.user };
  const target = opts.target ?? 'local:';
  let closed = false;
  return {
    kind: 'local',
    delegated: true,
    offersJson: true,
    target,
    async rpc(body: string, protocol: WireProtocol, rpcOpts = {}): Promise<Buffer> {
      if (closed) throw new TransportError('ECONNRESET', target, `${target} is closed`);
      const signal = rpcOpts.signal;
      if (signal?.aborted === true) throw new TransportError('ABORT_ERR', target, `${target}: request aborted`);
      const work = (async () => {
        try {
          return await collect(await (protocol === 'jsonrpc' ? handler.handleJsonRpc(body, channel) : handler.handleXmlRpc(body, channel)));
        } catch (err) {
          // What an HTTP front end would answer with a 500: the server could not take the request.
          if (err instanceof TransportError) throw err;
          throw new TransportError('PROTOCOL', target, `${target} failed the request: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        }
      })();
      if (signal === undefined) return work;
      return new Promise<Buffer>((resolve, reject) => {
        const onAbort = (): void => reject(new TransportError('ABORT_ERR', target, `${target}: request aborted`));
        signal.addEventListener('abort', onAbort, { once: true });
        work.then(
          (buf) => (signal.removeEventListener('abort', onAbort), resolve(buf)),
          (err: unknown) => (signal.removeEventListener('abort', onAbort), reject(err)),
        );
      });
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await opts.close?.();
    },
  };
}
