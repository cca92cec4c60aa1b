// `stdio:COMMAND`, and bare XML-RPC over any byte stream (the `serve --stdio` framing): methodCall documents written back to back,
// methodResponse documents read back in the same order. Calls may be pipelined; replies are matched first in,
// first out. Used by `stdio:COMMAND` and by ssh's `--remote-command`.
import { TransportError } from './errors.js';
import { NotXmlRpcError, ReplyFramer } from './reply-framer.js';
import type { RpcOptions, Transport, TransportKind, WireProtocol } from './types.js';

/** The two ends of the conversation: where calls go, where replies come from. */
export interface ByteStreams {
  readonly input: { write(chunk: Buffer | string): unknown; end(): unknown };
  readonly output: {
    on(event: 'data', l: (chunk: Buffer) => void): unknown;
    on(event: 'end' | 'close', l: () => void): unknown;
    on(event: 'error', l: (err: Error) => void): unknown;
  };
}

export interface FramedOptions {
  readonly kind: TransportKind;
  /** For messages: `stdio:xenctl serve --stdio`, `ssh://host (xenctl serve --stdio)`. */
  readonly target: string;
  /** Ends the far side (waits for the process or channel to finish). */
  readonly close: () => Promise<void>;
  /** Why the stream ended, when it ends early (e.g. `exit status 127`). */
  readonly endReason?: () => Promise<string | undefined>;
}

interface Waiter {
  readonly resolve: (b: Buffer) => void;
  readonly reject: (e: Error) => void;
  /** The caller gave up; the reply is still read (to keep the order) and dropped. */
  abandoned: boolean;
}

export function framedTransport(streams: ByteStreams, opts: FramedOptions): Transport {
  const { target } = opts;
  const waiting: Waiter[] = [];
  const framer = new ReplyFramer();
  let broken: TransportError | undefined;
  let closing = false;

  const fail = (err: TransportError): void => {
    broken ??= err;
    for (const w of waiting.splice(0)) if (!w.abandoned) w.reject(broken);
  };
  streams.output.on('data', (chunk: Buffer) => {
    if (broken !== undefined) return;
    try {
      framer.push(chunk, (doc) => {
        const w = waiting.shift();
        if (w === undefined) {
          fail(new TransportError('PROTOCOL', target, `${target} sent a reply nobody asked for`));
          return;
        }
        if (!w.abandoned) w.resolve(doc);
      });
    } catch (e) {
      if (!(e instanceof NotXmlRpcError)) throw e;
      fail(new TransportError('PROTOCOL', target, `${target} does not answer in bare XML-RPC (it sent "${e.said}"); it should be a XenAPI server reading calls on stdin, such as xenctl serve --stdio`));
    }
  });
  const ended = (): void => {
    if (closing && waiting.length === 0) return;
    const mid = framer.midReply ? ' in the middle of a reply' : '';
    void Promise.resolve(opts.endReason?.()).then((why) => {
      fail(new TransportError('ECONNRESET', target, `${target} closed the connection${mid}${why === undefined ? '' : ` (${why})`}`));
    });
  };
  streams.output.on('end', ended);
  streams.output.on('close', ended);
  streams.output.on('error', (err) => fail(new TransportError('EIO', target, `cannot talk to ${target}: ${err.message}`, { cause: err })));

  return {
    kind: opts.kind,
    delegated: true,
    offersJson: false,
    target,
    rpc(body: string, protocol: WireProtocol, rpcOpts: RpcOptions = {}): Promise<Buffer> {
      if (protocol !== 'xmlrpc') {
        return Promise.reject(new TransportError('UNSUPPORTED', target, `${target} speaks bare XML-RPC only (use --protocol xmlrpc or auto)`));
      }
      if (broken !== undefined) return Promise.reject(broken);
      const signal = rpcOpts.signal;
      if (signal?.aborted === true) return Promise.reject(new TransportError('ABORT_ERR', target, `${target}: request aborted`));
      return new Promise<Buffer>((resolve, reject) => {
        const onAbort = (): void => {
          w.abandoned = true;
          reject(new TransportError('ABORT_ERR', target, `${target}: request aborted`));
        };
        const w: Waiter = {
          resolve: (b) => (signal?.removeEventListener('abort', onAbort), resolve(b)),
          reject: (e) => (signal?.removeEventListener('abort', onAbort), reject(e)),
          abandoned: false,
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        waiting.push(w);
        streams.input.write(body.endsWith('\n') ? body : `${body}\n`);
      });
    },
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      streams.input.end();
      await opts.close();
    },
  };
}

export interface StdioTransportOptions {
  /** The child's environment (the CLI passes its own). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
  /** Waits this long for the command to exit after its input is closed, then kills it. */
  readonly exitGraceMs?: number;
}

/** `stdio:COMMAND`: runs `sh -c COMMAND` here and talks bare XML-RPC to it; its stderr is the user's. */
export async function stdioTransport(command: string, opts: StdioTransportOptions = {}): Promise<Transport> {
  const { spawn } = await import('node:child_process');
  const target = `stdio:${command}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const child = spawn('sh', ['-c', command], {
    stdio: ['pipe', 'pipe', 'inherit'],
    ...(opts.env === undefined ? {} : { env }),
    ...(opts.cwd === undefined ? {} : { cwd: opts.cwd }),
  });
  let status: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      status = signal !== null ? `killed by ${signal}` : `exit status ${code ?? '?'}`;
      resolve();
    });
    child.once('error', (err) => {
      status = err.message;
      resolve();
    });
  });
  // A command that dies before reading its input makes our writes fail with EPIPE: the reply side reports it.
  child.stdin.on('error', () => undefined);
  return framedTransport({ input: child.stdin, output: child.stdout }, {
    kind: 'stdio',
    target,
    endReason: async () => {
      await Promise.race([exited, new Promise((r) => setTimeout(r, 1000).unref())]);
      return status;
    },
    close: async () => {
      const grace = opts.exitGraceMs ?? 5000;
      const timer = setTimeout(() => child.kill('SIGTERM'), grace);
      await exited;
      clearTimeout(timer);
      // A process the command left behind (`sh -c 'a; b'` killed while b runs) still holds the pipes: let go of
      // them, or this process waits for it to end.
      child.stdout.destroy();
      child.stdin.destroy();
    },
  });
}
