// Trust on first use for https: `host:port SHA256-fingerprint` lines in $XDG_CONFIG_HOME/xenctl/known_tls.
// The certificate is judged right after the handshake and before any request byte is written: a pinned one must
// match (a changed certificate is always refused), else a CA-verified one passes, else --insecure, else a person
// at a terminal may accept it (then it is pinned).
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import type { ClientRequestArgs } from 'node:http';
import { writeFileAtomic } from '../config/atomic.js';
import { TransportError, toTransportError } from './errors.js';
import type { Asker } from './open.js';

/** `host:port` (`[v6]:port`), host names lower-cased as DNS compares them. */
export function pinKey(host: string, port: number): string {
  const h = host.toLowerCase();
  return `${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/** The pins, by `host:port` (a missing file holds none). */
export async function readPins(file: string): Promise<Map<string, string>> {
  const pins = new Map<string, string>();
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return pins;
  }
  for (const line of text.split('\n')) {
    const [key, fp] = line.trim().split(/\s+/);
    if (key === undefined || fp === undefined || key.startsWith('#')) continue;
    pins.set(key, fp.replace(/^SHA256[:=]?/i, '').toUpperCase());
  }
  return pins;
}

/** Pins (or re-pins) one `host:port`. */
export async function savePin(file: string, key: string, fingerprint256: string): Promise<void> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch {
    // a new file
  }
  const kept = text.split('\n').filter((l) => l.trim() !== '' && l.trim().split(/\s+/)[0] !== key);
  await writeFileAtomic(file, [...kept, `${key} ${fingerprint256}`].join('\n') + '\n');
}

export interface PeerCertificate {
  readonly fingerprint256: string;
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  /** Verified against the trusted CAs, for this host name. */
  readonly authorized: boolean;
  readonly authorizationError?: string;
}

function dn(o: unknown): string {
  if (typeof o !== 'object' || o === null) return '';
  return Object.entries(o as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

function describePeer(sock: tls.TLSSocket): PeerCertificate {
  const cert = sock.getPeerCertificate();
  const err = sock.authorizationError;
  return {
    fingerprint256: cert.fingerprint256,
    subject: dn(cert.subject),
    issuer: dn(cert.issuer),
    validTo: cert.valid_to,
    authorized: sock.authorized,
    ...(err === null || err === undefined ? {} : { authorizationError: err instanceof Error ? err.message : String(err) }),
  };
}

export interface PinPolicy {
  readonly file: string;
  readonly pins: ReadonlyMap<string, string>;
  readonly insecure: boolean;
  readonly ask?: Asker;
}

/** Why a certificate is refused, as a TransportError (exit 3). */
async function judge(peer: PeerCertificate, key: string, target: string, policy: PinPolicy): Promise<TransportError | undefined> {
  const pinned = policy.pins.get(key);
  if (pinned !== undefined) {
    if (pinned === peer.fingerprint256) return undefined;
    return new TransportError('TLS_CERT_CHANGED', target,
      `the TLS certificate of ${key} has CHANGED: ${policy.file} pins SHA256 ${pinned}, the server now presents SHA256 ${peer.fingerprint256}. ` +
      `Someone may be in the middle; if the server's certificate was replaced on purpose, check the new fingerprint and run xenctl trust ${key}`);
  }
  if (peer.authorized || policy.insecure) return undefined;
  const why = peer.authorizationError ?? 'not trusted';
  if (policy.ask !== undefined) {
    const yes = await policy.ask.confirm(`The TLS certificate of ${key} is not trusted (${why}). Subject ${peer.subject}; issuer ${peer.issuer}; ` +
      `valid until ${peer.validTo}; SHA256 fingerprint ${peer.fingerprint256}. Trust it from now on (kept in ${policy.file})?`);
    if (yes) {
      await savePin(policy.file, key, peer.fingerprint256);
      return undefined;
    }
  }
  return new TransportError(peer.authorizationError ?? 'TLS_CERT_UNTRUSTED', target,
    `cannot talk to ${target}: its TLS certificate is not trusted (${why}; SHA256 ${peer.fingerprint256}). ` +
    `Check the fingerprint and pin it with xenctl trust ${key}, or name its CA with --ca FILE`);
}

/** An https agent that judges every new connection's certificate before handing it to a request. */
export class PinningAgent extends https.Agent {
  readonly #policy: PinPolicy;
  readonly #key: string;
  readonly #target: string;

  constructor(opts: https.AgentOptions, policy: PinPolicy, key: string, target: string) {
    super({ ...opts, keepAlive: true, scheduling: 'lifo', rejectUnauthorized: false });
    this.#policy = policy;
    this.#key = key;
    this.#target = target;
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const sock = tls.connect({ ...(options as tls.ConnectionOptions), rejectUnauthorized: false });
    const fail = (e: Error): void => {
      sock.destroy();
      callback?.(e, undefined as unknown as Duplex);
    };
    sock.once('error', fail);
    sock.once('secureConnect', () => {
      judge(describePeer(sock), this.#key, this.#target, this.#policy).then((refusal) => {
        if (refusal !== undefined) return fail(refusal);
        sock.off('error', fail);
        callback?.(null, sock);
      }, (e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
    });
    return undefined;
  }
}

/** The certificate a server presents (for `xenctl trust`), verified against `ca` for information only. */
export function fetchPeerCertificate(host: string, port: number, ca: readonly (string | Buffer)[] | Buffer | undefined, timeoutMs = 15_000): Promise<PeerCertificate> {
  const target = `https://${pinKey(host, port)}`;
  return new Promise((resolve, reject) => {
    const sock = tls.connect({ host, port, rejectUnauthorized: false, ...(isIP(host) === 0 ? { servername: host } : {}), ...(ca === undefined ? {} : { ca: Buffer.isBuffer(ca) ? ca : [...ca] }) });
    const timer = setTimeout(() => sock.destroy(Object.assign(new Error(`no TLS handshake within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs);
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      const peer = describePeer(sock);
      sock.end();
      resolve(peer);
    });
    sock.once('error', (e) => {
      clearTimeout(timer);
      reject(toTransportError(e, target));
    });
  });
}
