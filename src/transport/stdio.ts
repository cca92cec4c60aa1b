// `stdio:COMMAND`, and bare XML-RPC over any byte stream (the `serve --stdio` framing): methodCall documents written back to back,
// methodResponse documents read back in the same order. Calls may be pipelined; replies are matched first in,
// first out. Used by `stdio:COMMAND` and by ssh's `--remote-command`.
import { TransportError } from './errors.js';
import type { RpcOptions, Transport, TransportKind, WireProtocol } from './types.js';

const END = Buffer.from('</methodResponse>');
const OPEN = '<methodResponse';
/** How much of a document's start is kept to see what it is (an XML declaration fits in it). */
const HEAD_CHARS = 256;

/** The far side sent something that is not a methodResponse (e.g. `cat` echoing our calls, a shell's output). */
export class NotXmlRpcError extends Error {
  override readonly name = 'NotXmlRpcError';
  /** The first characters it sent, on one line. */
  readonly said: string;

  constructor(said: string) {
    super(`not a methodResponse: ${said}`);
    this.said = said;
  }
}

/** Does a document starting with `head` look like a methodResponse: yes, no, or too early to tell? */
function startVerdict(head: string): 'yes' | 'no' | 'more' {
  let t = head.replace(/^\uFEFF?\s*/, '');
  if (t.startsWith('<?')) {
    const end = t.indexOf('?>');
    if (end < 0) return t.length < HEAD_CHARS ? 'more' : 'no';
    t = t.slice(end + 2).replace(/^\s*/, '');
  }
  if (t.length < OPEN.length) return OPEN.startsWith(t) ? 'more' : 'no';
  return t.startsWith(OPEN) ? 'yes' : 'no';
}

/** Cuts a byte stream into methodResponse documents without copying the big ones more than once. */
export class ReplyFramer {
  #parts: Buffer[] = [];
  #size = 0;
  #tail: Buffer = Buffer.alloc(0);
  /** The start of the current document, until it is known to be a methodResponse. */
  #head: string | undefined = '';

  /** Throws NotXmlRpcError as soon as the current document's start is not a methodResponse's. */
  #check(bytes: Buffer): void {
    if (this.#head === undefined) return;
    this.#head += bytes.toString('latin1', 0, HEAD_CHARS);
    const verdict = startVerdict(this.#head);
    if (verdict === 'yes') this.#head = undefined;
    else if (verdict === 'no') throw new NotXmlRpcError(this.#head.trim().replace(/\s+/g, ' ').slice(0, 80));
  }

  /** Feeds a chunk; calls `emit` for every document it completes. Throws NotXmlRpcError on a stream that is not XML-RPC replies. */
  push(chunk: Buffer, emit: (doc: Buffer) => void): void {
    let rest = chunk;
    while (rest.length > 0) {
      let end = -1;
      if (this.#tail.length > 0) {
        const seam = Buffer.concat([this.#tail, rest.subarray(0, END.length - 1)]);
        const at = seam.indexOf(END);
        if (at >= 0) end = at + END.length - this.#tail.length;
      }
      if (end < 0) {
        const at = rest.indexOf(END);
        if (at >= 0) end = at + END.length;
      }
      this.#check(end < 0 ? rest : rest.subarray(0, end));
      if (end < 0) {
        this.#parts.push(rest);
        this.#size += rest.length;
        const keep = Math.min(END.length - 1, this.#size);
        this.#tail = keep <= rest.length ? Buffer.from(rest.subarray(rest.length - keep)) : Buffer.concat([this.#tail, rest]).subarray(-keep);
        return;
      }
      this.#parts.push(rest.subarray(0, end));
      this.#size += end;
      emit(this.#take());
      rest = rest.subarray(end);
    }
  }

  /** Bytes of an unfinished document (blanks after the last reply included). */
  get pendingBytes(): number {
    return this.#size;
  }

  /** Has the peer started a reply it has not finished (more than the blanks between replies)? */
  get midReply(): boolean {
    return this.#size > 0 && (this.#head === undefined || this.#head.trim() !== '');
  }

  #take(): Buffer {
    const whole = this.#parts.length === 1 && this.#parts[0] !== undefined ? this.#parts[0] : Buffer.concat(this.#parts, this.#size);
    this.#parts = [];
    this.#size = 0;
    this.#tail = Buffer.alloc(0);
    this.#head = '';
    let start = 0;
    while (start < whole.length && whole[start] !== 0x3c) start++; // skip the newline (and blanks) before '<'
    return whole.subarray(start);
  }
}

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
    },
  });
}
