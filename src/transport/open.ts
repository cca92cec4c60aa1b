// Opens the transport a parsed URL names. Each kind's modules (http/https, unix, ssh2, stdio) load only when used:
// the embedded local: server, the default, needs none of them.
import type { AgentOptions } from 'node:https';
import { ConfigError } from '../config/errors.js';
import type { ParsedUrl } from '../config/url.js';
import { formatUrl } from '../config/url.js';
import { TransportError } from './errors.js';
import { localTransport, type LocalRpcHandler } from './local.js';
import type { Transport } from './types.js';

/** The embedded server for `local:DIR`, built by the CLI (which may import src/server; this layer may not). */
export interface LocalServer {
  readonly handler: LocalRpcHandler;
  close?(): Promise<void>;
}

/** Questions for a person at a terminal (unknown ssh host keys and TLS certificates, key passphrases). */
export interface Asker {
  /** Yes/no, default no. */
  confirm(question: string): Promise<boolean>;
  /** A secret, not echoed. */
  secret(question: string): Promise<string>;
}

export interface OpenOptions {
  /** Path of a PEM file of CA certificates (`--ca FILE`) for https: trusted instead of the system's CAs. */
  readonly ca?: string;
  /** `--insecure`: no certificate verification for https. */
  readonly insecure?: boolean;
  /** Starts the embedded server on a state directory; needed for `local:`. */
  readonly openLocal?: (dir: string) => Promise<LocalServer>;
  /** HOME, SSH_AUTH_SOCK, USER (ssh keys and known_hosts); also the environment of `stdio:` commands. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** `$XDG_CONFIG_HOME/xenctl/known_tls`: pinned TLS certificates (absent: no pins, none recorded). */
  readonly knownTlsFile?: string;
  /** `--identity FILE` for ssh. */
  readonly identity?: string;
  /** `--remote-command CMD` for ssh. */
  readonly remoteCommand?: string;
  /** Present when someone is at the keyboard; absent, nothing is asked (and what needs asking is refused). */
  readonly ask?: Asker;
  /** Warnings for stderr (--insecure, each time). */
  readonly warn?: (text: string) => void;
  /** The far command's stderr over ssh --remote-command. */
  readonly stderr?: (text: string) => void;
}

function hostText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

async function httpsTransport(host: string, port: number, opts: OpenOptions): Promise<Transport> {
  const [{ PinningAgent, pinKey, readPins }, { readCaFile, systemTrust }, { DEFAULT_CONNECT_TIMEOUT_MS, HttpRpcTransport, httpTransport }, https] =
    await Promise.all([import('./tls-pin.js'), import('./ca.js'), import('./http.js'), import('node:https')]);
  const ca = opts.ca === undefined ? await systemTrust(opts.env) : await readCaFile(opts.ca);
  const key = pinKey(host, port);
  const pins = opts.knownTlsFile === undefined ? new Map<string, string>() : await readPins(opts.knownTlsFile);
  const insecure = opts.insecure === true;
  if (insecure) opts.warn?.(`warning: --insecure: the TLS certificate of ${key} is not verified; anyone in the path can read and change this session`);
  // The common case (nothing pinned, nobody to ask, verification on) keeps Node's own strict handshake.
  if (!pins.has(key) && !insecure && (opts.ask === undefined || opts.knownTlsFile === undefined)) {
    return httpTransport('https', host, port, ca === undefined ? {} : { ca });
  }
  const target = `https://${hostText(host)}:${port}`;
  const agentOpts: AgentOptions = ca === undefined ? {} : { ca: Buffer.isBuffer(ca) ? ca : [...ca] };
  const agent = new PinningAgent(agentOpts, {
    file: opts.knownTlsFile ?? '',
    pins,
    insecure,
    ...(opts.ask === undefined ? {} : { ask: opts.ask }),
  }, key, target);
  return new HttpRpcTransport({ kind: 'https', target, request: https.request, agent, base: { host, port }, delegated: false, connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS });
}

export async function openTransport(url: ParsedUrl, opts: OpenOptions = {}): Promise<Transport> {
  switch (url.kind) {
    case 'http':
      return (await import('./http.js')).httpTransport('http', url.host, url.port);
    case 'https':
      return httpsTransport(url.host, url.port, opts);
    case 'unix':
      return (await import('./unix.js')).unixTransport(url.path);
    case 'local': {
      const target = formatUrl(url);
      if (url.dir === undefined) throw new ConfigError('local: needs a state directory (resolveConnection fills in the default)');
      if (opts.openLocal === undefined) throw new TransportError('UNSUPPORTED', target, `${target}: no embedded server available here`);
      const server = await opts.openLocal(url.dir);
      const close = server.close?.bind(server);
      return localTransport(server.handler, { target, ...(close === undefined ? {} : { close }) });
    }
    case 'stdio': {
      const { stdioTransport } = await import('./stdio.js');
      return stdioTransport(url.command, opts.env === undefined ? {} : { env: opts.env });
    }
    case 'ssh': {
      // ssh2 is heavy: loaded only here.
      const { sshTransport } = await import('./ssh/transport.js');
      return sshTransport(url, {
        env: opts.env ?? {},
        target: formatUrl(url),
        ...(opts.identity === undefined ? {} : { identity: opts.identity }),
        ...(opts.remoteCommand === undefined ? {} : { remoteCommand: opts.remoteCommand }),
        ...(opts.ask === undefined ? {} : { ask: opts.ask }),
        ...(opts.stderr === undefined ? {} : { stderr: opts.stderr }),
      });
    }
  }
}
