// One authenticated ssh connection (ssh2), through ProxyJump hops if the config says so. Every hop's host key is
// checked against known_hosts: unknown keys are asked about on a terminal (then recorded) and refused otherwise;
// a changed key is always refused, with both fingerprints.
import type { Algorithms, Client, ClientChannel, ConnectConfig, ParsedKey, ServerHostKeyAlgorithm } from 'ssh2';
import type { Asker } from '../open.js';
import { TransportError, toTransportError } from '../errors.js';
import { authFailure, authHandler, planAuth, type AuthLog } from './auth.js';
import { homeOf, resolveSshTarget, type Env, type SshHop, type SshTarget } from './config.js';
import { fingerprint, judgeHostKey, keyLabel, keyTypeOf, knownHostName, knownKeysFor, recordHostKey, type HostKeyVerdict, type KnownKey } from './known-hosts.js';

export interface SshConnectOptions {
  readonly env: Env;
  /** `--identity FILE` (for the final host; hops use their own config). */
  readonly identity?: string;
  readonly ask?: Asker;
  readonly readyTimeoutMs?: number;
}

export interface SshConnection {
  readonly client: Client;
  /** `ssh://user@host:port`, for messages. */
  readonly target: string;
  close(): void;
}

const ALGORITHMS_OF: Readonly<Record<string, readonly ServerHostKeyAlgorithm[]>> = Object.freeze({
  'ssh-ed25519': ['ssh-ed25519'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
});

function describeKnown(k: KnownKey): string {
  return `${keyLabel(k.type)} ${fingerprint(k.blob)} (${k.file}:${k.line})`;
}

function hostKeyError(verdict: Exclude<HostKeyVerdict, { kind: 'known' }>, name: string, offered: Buffer, target: string, recordIn: string, strict: boolean): TransportError {
  const now = `${keyLabel(keyTypeOf(offered))} ${fingerprint(offered)}`;
  if (verdict.kind === 'revoked') {
    return new TransportError('HOST_KEY_REVOKED', target, `ssh: the host key of ${name} (${now}) is marked @revoked in ${verdict.entry.file}:${verdict.entry.line}; refusing to connect`);
  }
  if (verdict.kind === 'changed') {
    return new TransportError('HOST_KEY_CHANGED', target,
      `ssh: the host key of ${name} has CHANGED: known_hosts has ${verdict.known.map(describeKnown).join(', ')}, the server now offers ${now}. ` +
      `Someone may be in the middle, or the host was reinstalled; if you know it was, remove the old key with ssh-keygen -R '${name}' and connect again`);
  }
  // The very key whose fingerprint is shown: fetching it again (ssh-keyscan) could fetch another one.
  const line = `${name} ${keyTypeOf(offered)} ${offered.toString('base64')}`.replace(/'/g, `'\\''`);
  return new TransportError('HOST_KEY_UNKNOWN', target,
    `ssh: ${name} is not a known host (its ${now}), and ${strict ? 'StrictHostKeyChecking is yes' : 'there is no terminal to ask whether to trust it'}. ` +
    `Check the fingerprint against the host's own (ssh-keygen -lf /etc/ssh/ssh_host_${keyLabel(keyTypeOf(offered)).toLowerCase()}_key.pub there), ` +
    `then add this key with: echo '${line}' >> ${recordIn} (or connect once with ssh)`);
}

async function connectHop(t: SshTarget, identity: string | undefined, opts: SshConnectOptions, sock: ClientChannel | undefined): Promise<SshConnection> {
  const ssh2 = (await import('ssh2')).default;
  const target = `ssh://${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  const name = t.hostKeyAlias ?? knownHostName(t.host, t.port);
  const known = await knownKeysFor(t.knownHostsFiles, name);
  const recordIn = t.knownHostsFiles[0] ?? `${homeOf(opts.env)}/.ssh/known_hosts`;
  const prefer = [...new Set(known.filter((k) => !k.revoked).flatMap((k) => ALGORITHMS_OF[k.type] ?? []))];
  let refusal: unknown;
  const log: AuthLog = { tried: [], skipped: [] };
  const plan = planAuth(t.user, opts.env, homeOf(opts.env), identity, t.identityFiles);
  const parse = (data: Buffer, passphrase?: string): ParsedKey | Error => ssh2.utils.parseKey(data, passphrase) as ParsedKey | Error;
  const client = new ssh2.Client();
  const config: ConnectConfig = {
    host: t.host,
    port: t.port,
    username: t.user,
    readyTimeout: opts.readyTimeoutMs ?? 30_000,
    // Long commands (event watch) notice a dead peer within about a minute instead of hanging.
    keepaliveInterval: 15_000,
    keepaliveCountMax: 4,
    ...(sock === undefined ? {} : { sock }),
    // ssh2's prepend skips algorithms already listed, so remove them first (keys are applied in order).
    ...(prefer.length === 0 ? {} : { algorithms: { serverHostKey: { remove: prefer, prepend: prefer } as unknown as NonNullable<Algorithms['serverHostKey']> } }),
    hostVerifier: (key: Buffer, verify: (ok: boolean) => void): void => {
      const verdict = judgeHostKey(known, key);
      if (verdict.kind === 'known') return verify(true);
      if (verdict.kind === 'unknown' && t.strictHostKeyChecking === 'accept-new') {
        recordHostKey(recordIn, name, key, t.hashKnownHosts).then(() => verify(true), (e: unknown) => {
          refusal = e;
          verify(false);
        });
        return;
      }
      if (verdict.kind !== 'unknown' || opts.ask === undefined || t.strictHostKeyChecking === 'yes') {
        refusal = hostKeyError(verdict, name, key, target, recordIn, t.strictHostKeyChecking === 'yes');
        return verify(false);
      }
      const question = `The authenticity of host '${name}' can't be established. ${keyLabel(keyTypeOf(key))} key fingerprint is ${fingerprint(key)}. ` +
        `Trust it and add it to ${recordIn}?`;
      opts.ask.confirm(question).then(async (yes) => {
        if (!yes) {
          refusal = new TransportError('HOST_KEY_UNKNOWN', target, `ssh: host key of ${name} not trusted`);
          return verify(false);
        }
        await recordHostKey(recordIn, name, key, t.hashKnownHosts);
        verify(true);
      }).catch((e: unknown) => {
        refusal = e;
        verify(false);
      });
    },
    authHandler: authHandler(plan, parse, opts.ask, log, (e) => (refusal ??= e)),
  };
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error & { level?: string }): void => {
      client.off('ready', onReady);
      client.on('error', () => undefined);
      client.destroy();
      if (refusal !== undefined) reject(refusal);
      else if (err.level === 'client-authentication') reject(authFailure(plan, `${t.host}:${t.port}`, log));
      else reject(toTransportError(err, target));
    };
    const onReady = (): void => {
      client.off('error', onError);
      // Calls are small request/response exchanges: Nagle's algorithm would hold each for a delayed ACK.
      client.setNoDelay(true);
      resolve();
    };
    client.once('ready', onReady);
    client.once('error', onError);
    client.connect(config);
  });
  // Later errors (the connection dropping) surface as failed channels; keep them from crashing the process.
  client.on('error', () => undefined);
  return { client, target, close: () => client.end() };
}

function forwardOut(client: Client, host: string, port: number, via: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => reject(new TransportError('ECONNREFUSED', via, `ssh: the jump host ${via} could not reach ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
    try {
      client.forwardOut('127.0.0.1', 0, host, port, (err, stream) => (err ? fail(err) : resolve(stream)));
    } catch (e) {
      fail(e);
    }
  });
}

/** Connects to `hop` (resolving ~/.ssh/config), through its ProxyJump hosts in order. */
export async function connectSsh(hop: SshHop, opts: SshConnectOptions): Promise<SshConnection> {
  const target = await resolveSshTarget(hop, opts.env);
  const chain: SshTarget[] = [];
  for (const jump of target.jumps) chain.push(await resolveSshTarget(jump, opts.env));
  const opened: SshConnection[] = [];
  try {
    for (const [i, t] of [...chain, target].entries()) {
      const prev = opened[opened.length - 1];
      const sock = prev === undefined ? undefined : await forwardOut(prev.client, t.host, t.port, prev.target);
      opened.push(await connectHop(t, i === chain.length ? opts.identity : undefined, opts, sock));
    }
  } catch (e) {
    for (const c of opened.reverse()) c.close();
    throw e;
  }
  const last = opened[opened.length - 1];
  if (last === undefined) throw new Error('no ssh connection made');
  return { client: last.client, target: last.target, close: () => opened.slice().reverse().forEach((c) => c.close()) };
}
