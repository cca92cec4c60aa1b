// `ssh://[user@]host[:port][/socket]`: one ssh connection per command, shared by every call through channels.
// By default each keep-alive HTTP connection is a stream-local forward to the socket (xapi's /var/lib/xcp/xapi),
// so on a real host the ssh key is the authentication. `--remote-command CMD` instead runs CMD there and talks
// bare XML-RPC to it over one exec channel (e.g. `xenctl serve --stdio`, running as the ssh user).
import http from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { TransportError } from '../errors.js';
import { DEFAULT_CONNECT_TIMEOUT_MS, HttpRpcTransport } from '../http.js';
import { framedTransport } from '../stdio.js';
import type { Transport } from '../types.js';
import { connectSsh, type SshConnectOptions, type SshConnection } from './connect.js';

export interface SshUrl {
  readonly user?: string;
  readonly host: string;
  readonly port: number;
  readonly explicitPort: boolean;
  readonly socketPath: string;
}

export interface SshTransportOptions extends SshConnectOptions {
  readonly remoteCommand?: string;
  /** The far command's stderr (the CLI passes its own stderr). */
  readonly stderr?: (text: string) => void;
  /** For messages: the URL as the user wrote it. */
  readonly target: string;
}

/** What an HTTP agent needs from a socket, on a channel that has none of it. */
function socketLike(ch: ClientChannel): Duplex {
  const s = ch as ClientChannel & Record<string, unknown>;
  for (const m of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) if (typeof s[m] !== 'function') s[m] = () => s;
  return ch;
}

/** An HTTP agent whose connections are stream-local forwards over one ssh connection. */
class ChannelAgent extends http.Agent {
  readonly #client: Client;
  readonly #socketPath: string;
  readonly #target: string;

  constructor(client: Client, socketPath: string, target: string) {
    super({ keepAlive: true, scheduling: 'lifo' });
    this.#client = client;
    this.#socketPath = socketPath;
    this.#target = target;
  }

  override createConnection(_options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const fail = (e: Error): void => callback?.(e, undefined as unknown as Duplex);
    try {
      this.#client.openssh_forwardOutStreamLocal(this.#socketPath, (err, ch) => {
        if (err) {
          fail(new TransportError('ENOENT', this.#target, `ssh: the far side could not open ${this.#socketPath}: ${err.message} (is xapi, or xenctl serve --unix, listening there?)`, { cause: err }));
          return;
        }
        callback?.(null, socketLike(ch));
      });
    } catch (e) {
      // ssh2 throws at once when the connection is gone.
      fail(new TransportError('ECONNRESET', this.#target, `ssh: the connection to ${this.#target} is gone: ${e instanceof Error ? e.message : String(e)}`, { cause: e }));
    }
    return undefined;
  }
}

function execChannel(conn: SshConnection, command: string, target: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => reject(new TransportError('EIO', target, `ssh: could not run ${command} there: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    try {
      conn.client.exec(command, (err, ch) => (err ? fail(err) : resolve(ch)));
    } catch (e) {
      fail(e);
    }
  });
}

function remoteCommandTransport(conn: SshConnection, ch: ClientChannel, command: string, opts: SshTransportOptions): Transport {
  let status: string | undefined;
  let lastErr = '';
  const closed = new Promise<void>((resolve) => ch.once('close', () => resolve()));
  ch.once('exit', (code: number | null, signal?: string) => {
    status = signal !== undefined && signal !== null ? `killed by ${signal}` : `exit status ${code ?? '?'}`;
  });
  ch.stderr.on('data', (c: Buffer) => {
    const text = c.toString('utf8');
    lastErr = (lastErr + text).slice(-500);
    opts.stderr?.(text);
  });
  return framedTransport({ input: ch, output: ch }, {
    kind: 'ssh',
    target: `${opts.target} (${command})`,
    endReason: async () => {
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
      const said = opts.stderr === undefined && lastErr.trim() !== '' ? `: ${lastErr.trim()}` : '';
      return status === undefined ? undefined : `${command}: ${status}${said}`;
    },
    close: async () => {
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5000).unref())]);
      conn.close();
    },
  });
}

export async function sshTransport(url: SshUrl, opts: SshTransportOptions): Promise<Transport> {
  const conn = await connectSsh({ alias: url.host, ...(url.user === undefined ? {} : { user: url.user }), ...(url.explicitPort ? { port: url.port } : {}) }, opts);
  if (opts.remoteCommand !== undefined) {
    try {
      const ch = await execChannel(conn, opts.remoteCommand, opts.target);
      return remoteCommandTransport(conn, ch, opts.remoteCommand, opts);
    } catch (e) {
      conn.close();
      throw e;
    }
  }
  const agent = new ChannelAgent(conn.client, url.socketPath, opts.target);
  const inner = new HttpRpcTransport({
    kind: 'ssh',
    target: opts.target,
    request: http.request,
    agent,
    base: { host: 'localhost' },
    delegated: true,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  });
  return {
    kind: 'ssh',
    delegated: true,
    offersJson: inner.offersJson,
    target: opts.target,
    rpc: (body, protocol, rpcOpts) => inner.rpc(body, protocol, rpcOpts),
    close: async () => {
      await inner.close();
      conn.close();
    },
  };
}
