// The session client: login (with delegation), typed calls, re-login on SESSION_INVALID, HOST_IS_SLAVE
// redirects, JSON-RPC when the server offers it, async calls through tasks.
import { ERR, XenApiError, type Model, type XenValue } from '../model/index.js';
import { TransportError } from '../transport/errors.js';
import type { ProtocolChoice, Transport, WireProtocol } from '../transport/types.js';
import { PASSWORD_MASK, maskSecrets, maskedParams, shorten, type DebugSink } from './debug.js';
import { ASYNC_PREFIX, LIST_METHODS, LOGIN_VERSION, MSG, ORIGINATOR, checkNames } from './names.js';
import { envelopeValue, exchange, typedResult } from './rpc.js';
import { decodeXmlRpcResponse } from '../wire/xmlrpc-decode.js';
import { awaitTask, type AsyncCallOptions, type TaskHost } from './tasks.js';

export type { AsyncCallOptions } from './tasks.js';

/** HTTP answers at /jsonrpc that mean "no JSON-RPC here": fall back to XML-RPC. */
const NO_JSON_STATUSES: ReadonlySet<number> = new Set([404, 405, 501]);
const MAX_REDIRECTS = 3;

export interface XenClientOptions {
  readonly transport: Transport;
  readonly model: Model;
  readonly protocol?: ProtocolChoice;
  /** Login name; default `root`. */
  readonly user?: string;
  /** Asked at login on non-delegated transports (a password file, a prompt). */
  readonly password?: () => Promise<string>;
  /** `--debug`: each request and reply, password and session masked. */
  readonly debug?: DebugSink;
  /**
   * Whether the server has a method, when the client knows without asking (the embedded `local:` server is built
   * from the client's own model): hasMethod then makes no system.listMethods call.
   */
  readonly knownMethod?: (name: string) => boolean;
  /** Opens a transport to the pool master named by HOST_IS_SLAVE; without it the error is returned. */
  readonly redirect?: (address: string) => Promise<Transport>;
  /** The whole command's deadline or interruption: aborts the request in flight. */
  readonly signal?: AbortSignal;
  readonly pollIntervalMs?: number;
  readonly eventTimeoutSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Not stopped by the client-wide signal: a task.cancel sent after Ctrl-C has aborted everything else. */
  readonly detached?: boolean;
}

function combine(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return AbortSignal.any([a, b]);
}

/** The error code of an XML-RPC Failure reply (cheap for big successful replies), else undefined. */
function failureCode(reply: Buffer): string | undefined {
  if (!/<value>(?:<string>)?Failure</.test(reply.subarray(0, 1024).toString('utf8'))) return undefined;
  try {
    const env = decodeXmlRpcResponse(reply);
    return env.ok ? undefined : env.error[0];
  } catch {
    return undefined;
  }
}

export class XenClient {
  readonly model: Model;
  readonly #opts: XenClientOptions;
  #transport: Transport;
  /** The encoding in use once settled (by option, by the transport, or by the first JSON-RPC answer). */
  #wire: WireProtocol | undefined;
  #session: string | undefined;
  #nextId = 1;
  #hops = 0;
  /** Where HOST_IS_SLAVE redirects have taken this client, the first server first. */
  readonly #visited: string[] = [];
  #methods: Promise<ReadonlySet<string>> | undefined;
  #loggingIn: Promise<string> | undefined;

  constructor(opts: XenClientOptions) {
    checkNames(opts.model);
    this.model = opts.model;
    this.#opts = opts;
    this.#transport = opts.transport;
    this.#wire = this.#settledProtocol();
  }

  get transport(): Transport {
    return this.#transport;
  }

  /** The session ref, once logged in. */
  get session(): string | undefined {
    return this.#session;
  }

  /** The encoding in use, once known. */
  get protocol(): WireProtocol | undefined {
    return this.#wire;
  }

  get user(): string {
    return this.#opts.user ?? 'root';
  }

  #settledProtocol(): WireProtocol | undefined {
    const choice = this.#opts.protocol ?? 'auto';
    if (choice !== 'auto') return choice;
    const offers = this.#transport.offersJson;
    return offers === 'probe' ? undefined : offers ? 'jsonrpc' : 'xmlrpc';
  }

  #note(text: string): void {
    this.#opts.debug?.(`-- ${text}`);
  }

  /** One exchange, settling the protocol on the first answer (a 404 at /jsonrpc means XML-RPC). */
  async #rpc(method: string, params: readonly XenValue[], extra: { signal?: AbortSignal; detached?: boolean; debugParams?: readonly XenValue[]; maskResult?: boolean; secret?: string } = {}): Promise<XenValue> {
    const probing = this.#wire === undefined;
    const protocol = this.#wire ?? 'jsonrpc';
    const signal = extra.detached === true ? extra.signal : combine(this.#opts.signal, extra.signal);
    const send = (p: WireProtocol) =>
      exchange({
        transport: this.#transport,
        protocol: p,
        method,
        params,
        id: this.#nextId++,
        secrets: [this.#session, extra.secret].filter((s): s is string => s !== undefined),
        ...(signal === undefined ? {} : { signal }),
        ...(this.#opts.debug === undefined ? {} : { debug: this.#opts.debug }),
        ...(extra.debugParams === undefined ? {} : { debugParams: extra.debugParams }),
        ...(extra.maskResult === true ? { maskResult: true } : {}),
      });
    try {
      const env = await send(protocol);
      if (probing) this.#wire = protocol;
      return envelopeValue(env);
    } catch (err) {
      const status = err instanceof TransportError ? err.httpStatus : undefined;
      if (!probing || status === undefined || !NO_JSON_STATUSES.has(status)) throw err;
      this.#note(`no JSON-RPC at this server (HTTP ${status}); using XML-RPC`);
      this.#wire = 'xmlrpc';
      return envelopeValue(await send('xmlrpc'));
    }
  }

  /**
   * Replaces the transport by one to the master named in a HOST_IS_SLAVE error. false: not that case. A master
   * already visited (a supporter naming itself or another supporter) or too many hops: TransportError.
   */
  async #followRedirect(err: unknown): Promise<boolean> {
    if (!(err instanceof XenApiError) || err.code !== ERR.HOST_IS_SLAVE || this.#opts.redirect === undefined) return false;
    const address = err.params[0];
    if (address === undefined || address === '') return false;
    const here = this.#where();
    if (this.#visited.length === 0) this.#visited.push(here);
    if (this.#hops >= MAX_REDIRECTS) {
      throw new TransportError('REDIRECT_LIMIT', here, `${here} is a pool supporter (HOST_IS_SLAVE ${address}), and so was every host after ${MAX_REDIRECTS} redirects: ${this.#visited.join(' -> ')}`);
    }
    this.#hops += 1;
    this.#note(`${err.code}: following to the master at ${address}`);
    const next = await this.#opts.redirect(address);
    const there = next.target ?? next.kind;
    if (this.#visited.includes(there)) {
      await next.close().catch(() => undefined);
      throw new TransportError('REDIRECT_LOOP', here, `HOST_IS_SLAVE redirects go round in a loop: ${[...this.#visited, there].join(' -> ')} (each of these is a pool supporter naming the next as its master)`);
    }
    this.#visited.push(there);
    const old = this.#transport;
    this.#transport = next;
    this.#session = undefined;
    this.#wire = this.#settledProtocol();
    await old.close().catch(() => undefined);
    return true;
  }

  /**
   * The password from the supplier. When there is none to be had, an unreachable server is the better
   * explanation: say that (exit 3) rather than "no password" (exit 4).
   */
  async #askPassword(): Promise<string> {
    try {
      return (await this.#opts.password?.()) ?? '';
    } catch (err) {
      await this.probeMethods().catch((probeErr: unknown) => {
        if (probeErr instanceof TransportError) throw probeErr;
      });
      throw err;
    }
  }

  /**
   * Logs in (again): user and password over http(s); the empty password on delegated channels. Calls made
   * in parallel share one login.
   */
  login(): Promise<string> {
    this.#loggingIn ??= this.#login().finally(() => {
      this.#loggingIn = undefined;
    });
    return this.#loggingIn;
  }

  async #login(): Promise<string> {
    for (;;) {
      try {
        const delegated = this.#transport.delegated;
        const password = delegated || this.#opts.password === undefined ? '' : await this.#askPassword();
        const args = [this.user, password, LOGIN_VERSION, ORIGINATOR];
        const shown = [this.user, password === '' ? '' : PASSWORD_MASK, LOGIN_VERSION, ORIGINATOR];
        const raw = await this.#rpc(MSG.login, args, { debugParams: shown, maskResult: true });
        const session = this.#typed(MSG.login, raw);
        if (typeof session !== 'string') throw new TransportError('PROTOCOL', this.#transport.target ?? this.#transport.kind, `${MSG.login} did not return a session ref`);
        this.#session = session;
        return session;
      } catch (err) {
        if (await this.#followRedirect(err)) continue;
        throw err;
      }
    }
  }

  /** Logs in unless already logged in. */
  async connect(): Promise<void> {
    if (this.#session === undefined) await this.login();
  }

  async logout(): Promise<void> {
    const session = this.#session;
    if (session === undefined) return;
    this.#session = undefined;
    try {
      await this.#rpc(MSG.logout, [session], { secret: session });
    } catch (err) {
      if (!(err instanceof XenApiError && err.code === ERR.SESSION_INVALID)) throw err;
    }
  }

  /** Logs out (best effort) and closes the transport. */
  async close(): Promise<void> {
    await this.logout().catch(() => undefined);
    await this.#transport.close();
  }

  #needsSession(method: string): boolean {
    if (method === LIST_METHODS) return false;
    const name = method.startsWith(ASYNC_PREFIX) ? method.slice(ASYNC_PREFIX.length) : method;
    return this.model.findMessage(name)?.sessionless !== true;
  }

  /**
   * A call with the session prepended (unless sessionless), the raw decoded result. Logs in first if needed,
   * logs in again once on SESSION_INVALID, follows HOST_IS_SLAVE.
   */
  async callRaw(method: string, args: readonly XenValue[] = [], opts: CallOptions = {}): Promise<XenValue> {
    const withSession = this.#needsSession(method);
    let relogged = false;
    for (;;) {
      if (withSession && this.#session === undefined) await this.login();
      const session = this.#session;
      try {
        const params = withSession && session !== undefined ? [session, ...args] : args;
        const debugParams = this.#opts.debug === undefined ? undefined : maskedParams(this.model, method, params, params.length - args.length);
        return await this.#rpc(method, params, {
          ...(opts.signal === undefined ? {} : { signal: opts.signal }),
          ...(opts.detached === true ? { detached: true } : {}),
          ...(debugParams === undefined ? {} : { debugParams }),
        });
      } catch (err) {
        if (withSession && err instanceof XenApiError && err.code === ERR.SESSION_INVALID && !relogged) {
          relogged = true;
          this.#note(`${err.code}: logging in again`);
          // A parallel call may already have replaced the session.
          if (this.#session === session) this.#session = undefined;
          continue;
        }
        if (withSession && (await this.#followRedirect(err))) continue;
        throw err;
      }
    }
  }

  #where(): string {
    return this.#transport.target ?? this.#transport.kind;
  }

  #typed(method: string, raw: XenValue): XenValue {
    return typedResult(this.model, method, raw, this.#where());
  }

  /** A call by wire name (`VM.get_all_records`); the result typed by the model (unknown messages: raw). */
  async call(method: string, args: readonly XenValue[] = [], opts: CallOptions = {}): Promise<XenValue> {
    return this.#typed(method, await this.callRaw(method, args, opts));
  }

  /**
   * `Async.<method>`, then waits for its task: progress reported, cancelled on abort, destroyed at the end.
   * A message without an async twin is called synchronously.
   */
  async callAsync(method: string, args: readonly XenValue[] = [], opts: AsyncCallOptions = {}): Promise<XenValue> {
    const msg = this.model.findMessage(method);
    if (msg === undefined || !msg.async) return this.call(method, args);
    // Detached: a Ctrl-C arriving while the task is being created must not lose its ref, or it could not be cancelled.
    const ref = await this.callRaw(`${ASYNC_PREFIX}${method}`, args, { detached: true });
    if (typeof ref !== 'string') throw new TransportError('PROTOCOL', this.#transport.target ?? this.#transport.kind, `${ASYNC_PREFIX}${method} did not return a task ref`);
    const sleep = this.#opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const host: TaskHost = {
      model: this.model,
      callRaw: (m, a, o) => this.callRaw(m, a, o),
      pollIntervalMs: this.#opts.pollIntervalMs ?? 500,
      eventTimeoutSeconds: this.#opts.eventTimeoutSeconds ?? 30,
      sleep,
      note: (text) => this.#note(text),
    };
    return awaitTask(host, msg, ref, opts);
  }

  /**
   * One XML-RPC body sent as written, whatever encoding the client otherwise uses; the reply's bytes untouched
   * (`xenctl call --xml`). A function builds the body from the live session: the client logs in first, and
   * once more (composing again) when the reply is SESSION_INVALID for that session.
   */
  async rawXmlRpc(body: string | ((session: string) => string), opts: CallOptions = {}): Promise<Buffer> {
    const signal = combine(this.#opts.signal, opts.signal);
    const send = async (text: string, secrets: readonly string[]): Promise<Buffer> => {
      const where = this.#transport.target ?? this.#transport.kind;
      this.#opts.debug?.(`--> ${where} xmlrpc (raw)\n${maskSecrets(text, secrets)}`);
      const reply = await this.#transport.rpc(text, 'xmlrpc', signal === undefined ? {} : { signal });
      this.#opts.debug?.(`<-- ${reply.length} bytes\n${maskSecrets(shorten(reply.toString('utf8')), secrets)}`);
      return reply;
    };
    if (typeof body === 'string') return send(body, [this.#session].filter((s): s is string => s !== undefined));
    for (let relogged = false; ; relogged = true) {
      const session = this.#session ?? (await this.login());
      const reply = await send(body(session), [session]);
      if (relogged || failureCode(reply) !== ERR.SESSION_INVALID) return reply;
      this.#note(`${ERR.SESSION_INVALID}: logging in again`);
      if (this.#session === session) this.#session = undefined;
    }
  }

  /** Whether the server has a method (the CLI's extension detection): known, or from the method list. */
  async hasMethod(name: string): Promise<boolean> {
    const known = this.#opts.knownMethod;
    return known !== undefined ? known(name) : (await this.probeMethods()).has(name);
  }

  /** The server's method list (system.listMethods), fetched once: lets the CLI detect extensions. */
  probeMethods(): Promise<ReadonlySet<string>> {
    this.#methods ??= this.#rpc(LIST_METHODS, []).then(
      (raw) => new Set(Array.isArray(raw) ? (raw as readonly XenValue[]).filter((m): m is string => typeof m === 'string') : []),
      (err: unknown) => {
        this.#methods = undefined;
        throw err;
      },
    );
    return this.#methods;
  }
}
