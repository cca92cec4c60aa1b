// The options of `xenctl serve`, parsed from its arguments (the CLI hands over everything after `serve`).
import { xenctlPaths } from '../config/paths.js';
import type { Env } from '../config/paths.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface ServeOptions {
  /** TCP address; undefined when only --unix/--stdio are asked for. */
  readonly listen: ListenAddress | undefined;
  readonly unix: string | undefined;
  readonly stdio: boolean;
  /** undefined: the default, `$XDG_DATA_HOME/xenctl/server` (see stateDir). */
  readonly state: string | undefined;
  readonly passwordFile: string | undefined;
  readonly tls: boolean;
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  readonly importDb: string | undefined;
  /** With --import-db: empty a state that already holds objects instead of refusing it. */
  readonly replaceState: boolean;
  readonly synthetic: number | undefined;
  readonly extensions: boolean;
  /** The coordinator's address when acting as a pool supporter. */
  readonly supporterOf: string | undefined;
  readonly help: boolean;
}

export class ServeUsageError extends Error {
  override readonly name = 'ServeUsageError';
}

export const SERVE_USAGE = `Usage: xenctl serve [options]

Run the reference XenAPI server.

Options:
  --listen ADDR:PORT     TCP address for HTTP (default 127.0.0.1:8080 unless --unix or --stdio is given)
  --unix PATH            also serve on a unix socket (delegated: no password)
  --stdio                serve XML-RPC documents on stdin/stdout (delegated: no password); when a
                         server already runs on the state, forward to this user's socket there
  --state DIR            state directory (default $XDG_DATA_HOME/xenctl/server)
  --password-file FILE   root password for a new state (else generated into DIR/root-password)
  --tls                  serve HTTPS with a generated certificate kept in the state directory
  --tls-cert FILE        HTTPS certificate (with --tls-key)
  --tls-key FILE         HTTPS private key
  --import-db FILE       seed a new state from a xapi state.db dump (a non-empty state is refused)
  --replace-state        with --import-db: discard what the state holds (objects, accounts, sessions) first
  --synthetic N          add N full VMs to the demo pool of a new state
  --no-extensions        serve the plain XenAPI datamodel, without xenctl's extensions
  --supporter-of URL     act as a pool supporter: every login answers HOST_IS_SLAVE
  -h, --help             show this help

With --listen or --unix, each OS user of the pool (the state directory's owner and every subject that is
an OS user) gets a socket of its own, STATE/users/UID.sock (mode 0600): \`ssh user@host xenctl serve --stdio\`
reaches the pool as that user.
`;

const VALUE_OPTIONS = new Set([
  '--listen', '--unix', '--state', '--password-file', '--tls-cert', '--tls-key', '--import-db', '--synthetic',
  '--supporter-of',
]);
const FLAG_OPTIONS = new Set(['--stdio', '--tls', '--no-extensions', '--replace-state', '--help', '-h']);

export function parseListen(text: string): ListenAddress {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ServeUsageError(`--listen wants ADDR:PORT (e.g. 127.0.0.1:8080), not ${JSON.stringify(text)}`);
  }
  const host = m[1] ?? m[2] ?? '';
  return { host: host === '' ? '127.0.0.1' : host, port };
}

/**
 * The address HOST_IS_SLAVE names: the host part of the coordinator's URL, as xapi names its master. A port other
 * than the scheme's default is kept (`HOST:PORT`, `[V6]:PORT`): a supporter on the same host as its coordinator
 * (another port) must send clients there, not back to itself.
 */
export function coordinatorAddress(url: string): string {
  try {
    const parsed = new URL(url);
    const host = parsed.hostname;
    // URL drops a scheme's default port (http 80, https 443): what is left is one clients could not guess.
    if (host !== '') return parsed.port === '' ? host.replace(/^\[(.*)\]$/, '$1') : `${host}:${parsed.port}`;
  } catch {
    // not a URL: take it as a bare address (HOST or HOST:PORT)
  }
  return url;
}

/** The state directory: --state, else the XDG default (which needs HOME or XDG_* in the environment). */
export function stateDir(opts: ServeOptions, env: Env): string {
  return opts.state ?? xenctlPaths(env).serverStateDir;
}

export function parseServeArgs(argv: readonly string[]): ServeOptions {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_OPTIONS.has(name)) {
      const value = name !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new ServeUsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (FLAG_OPTIONS.has(arg)) {
      flags.add(arg);
    } else {
      throw new ServeUsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${arg}`);
    }
  }
  const unix = values.get('--unix');
  const stdio = flags.has('--stdio');
  const listenText = values.get('--listen');
  const listen = listenText !== undefined ? parseListen(listenText)
    : unix === undefined && !stdio ? { host: '127.0.0.1', port: 8080 } : undefined;
  const syntheticText = values.get('--synthetic');
  const synthetic = syntheticText === undefined ? undefined : Number(syntheticText);
  if (synthetic !== undefined && (!Number.isInteger(synthetic) || synthetic < 0)) {
    throw new ServeUsageError(`--synthetic wants a count of VMs, not ${JSON.stringify(syntheticText)}`);
  }
  const supporter = values.get('--supporter-of');
  const tls = flags.has('--tls') || values.has('--tls-cert') || values.has('--tls-key');
  if (values.has('--tls-cert') !== values.has('--tls-key')) throw new ServeUsageError('--tls-cert and --tls-key go together');
  if (flags.has('--replace-state') && !values.has('--import-db')) throw new ServeUsageError('--replace-state goes with --import-db FILE');
  if (tls && listen === undefined) throw new ServeUsageError('--tls serves HTTPS on the TCP listener: add --listen ADDR:PORT');
  return {
    listen,
    unix,
    stdio,
    state: values.get('--state'),
    passwordFile: values.get('--password-file'),
    tls,
    tlsCert: values.get('--tls-cert'),
    tlsKey: values.get('--tls-key'),
    importDb: values.get('--import-db'),
    replaceState: flags.has('--replace-state'),
    synthetic,
    extensions: !flags.has('--no-extensions'),
    supporterOf: supporter === undefined ? undefined : coordinatorAddress(supporter),
    help: flags.has('--help') || flags.has('-h'),
  };
}
