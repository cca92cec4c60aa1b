// What ~/.ssh/config says about a host (Host, HostName, User, Port, IdentityFile, ProxyJump, UserKnownHostsFile,
// StrictHostKeyChecking, HostKeyAlias, HashKnownHosts).
// The URL's own user and port win over the file, as ssh's command line does.
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../config/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface SshHop {
  /** The name as written (URL or ProxyJump); config `Host` sections match it. */
  readonly alias: string;
  readonly user?: string;
  readonly port?: number;
}

export interface SshTarget {
  readonly alias: string;
  /** Where to connect: `HostName`, else the alias. */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** IdentityFile entries, expanded; empty when the config names none. */
  readonly identityFiles: readonly string[];
  /** Hops to go through first, in order (ProxyJump); empty for a direct connection. */
  readonly jumps: readonly SshHop[];
  /** Where host keys are looked up; the first is where a newly trusted key is recorded. */
  readonly knownHostsFiles: readonly string[];
  /** HostKeyAlias: the name known_hosts files this host under, instead of `[host]:port`. */
  readonly hostKeyAlias?: string;
  /** StrictHostKeyChecking: `ask` (the default: ask on a terminal, else refuse), `yes` (never add keys),
   * `accept-new` (record unknown keys without asking; `no` and `off` count as this, a changed key is still refused). */
  readonly strictHostKeyChecking: 'ask' | 'yes' | 'accept-new';
  /** HashKnownHosts: a newly trusted key is recorded under a hashed name, as ssh does with this set. */
  readonly hashKnownHosts: boolean;
}

function strictness(v: string | undefined): SshTarget['strictHostKeyChecking'] {
  const t = v?.toLowerCase();
  if (t === 'yes') return 'yes';
  if (t === 'accept-new' || t === 'no' || t === 'off') return 'accept-new';
  return 'ask';
}

export const SYSTEM_KNOWN_HOSTS = '/etc/ssh/ssh_known_hosts';

export function homeOf(env: Env): string {
  const home = env['HOME'];
  if (home !== undefined && home !== '') return home;
  throw new ConfigError('HOME is not set, so xenctl cannot find ~/.ssh');
}

export function localUser(env: Env): string {
  try {
    return userInfo().username;
  } catch {
    return env['USER'] ?? env['LOGNAME'] ?? 'root';
  }
}

/** `~` and the tokens OpenSSH expands in file names (%d home, %u local user, %h host, %r remote user, %p port). */
function expandPath(path: string, env: Env, t: { host: string; user: string; port: number }): string {
  const home = homeOf(env);
  const tokens: Record<string, string> = { d: home, u: localUser(env), h: t.host, r: t.user, p: String(t.port), '%': '%' };
  const expanded = path.replace(/%([duhrp%])/g, (_m, k: string) => tokens[k] ?? '');
  if (expanded === '~') return home;
  return expanded.startsWith('~/') ? join(home, expanded.slice(2)) : expanded;
}

/** One ProxyJump element: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export function parseHop(text: string): SshHop {
  let rest = text.trim().replace(/^ssh:\/\//, '');
  let user: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    user = rest.slice(0, at);
    rest = rest.slice(at + 1);
  }
  let port: number | undefined;
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest) ?? /^([^:]+)(?::(\d+))?$/.exec(rest);
  if (m === null || m[1] === undefined) throw new ConfigError(`ProxyJump: cannot read "${text}"`);
  if (m[2] !== undefined) port = Number(m[2]);
  return { alias: m[1], ...(user === undefined || user === '' ? {} : { user }), ...(port === undefined ? {} : { port }) };
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function raw(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function list(v: string | string[] | undefined): string[] {
  return raw(v).flatMap((s) => s.split(/\s+/)).filter((s) => s !== '');
}

/** Settings for one hop (no ProxyJump of its own is followed beyond what the caller asks). */
export async function resolveSshTarget(hop: SshHop, env: Env): Promise<SshTarget> {
  const home = homeOf(env);
  let computed: Record<string, string | string[]> = {};
  let text: string | undefined;
  try {
    text = await readFile(join(home, '.ssh', 'config'), 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    const { default: SSHConfig } = await import('ssh-config');
    try {
      computed = SSHConfig.parse(text).compute(hop.alias, { ignoreCase: true, matchExec: false });
    } catch (e) {
      throw new ConfigError(`${join(home, '.ssh', 'config')}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const host = str(computed['hostname'])?.replace(/%h/g, hop.alias) ?? hop.alias;
  const portText = str(computed['port']);
  const port = hop.port ?? (portText === undefined ? 22 : Number(portText));
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`~/.ssh/config: bad Port "${portText ?? ''}" for ${hop.alias}`);
  const user = hop.user ?? str(computed['user']) ?? localUser(env);
  const t = { host, user, port };
  const jumpText = str(computed['proxyjump']);
  const jumps = jumpText === undefined || jumpText.toLowerCase() === 'none' ? [] : jumpText.split(',').map(parseHop);
  const userFiles = list(computed['userknownhostsfile']).filter((f) => f.toLowerCase() !== 'none');
  const knownFiles = userFiles.length > 0
    ? userFiles.map((f) => expandPath(f, env, t))
    : [join(home, '.ssh', 'known_hosts'), join(home, '.ssh', 'known_hosts2')];
  const hostKeyAlias = str(computed['hostkeyalias']);
  return {
    ...(hostKeyAlias === undefined ? {} : { hostKeyAlias }),
    strictHostKeyChecking: strictness(str(computed['stricthostkeychecking'])),
    hashKnownHosts: str(computed['hashknownhosts'])?.toLowerCase() === 'yes',
    alias: hop.alias,
    host,
    port,
    user,
    identityFiles: raw(computed['identityfile']).map((f) => expandPath(f.replace(/^"(.*)"$/, '$1'), env, t)),
    jumps,
    knownHostsFiles: [...knownFiles, SYSTEM_KNOWN_HOSTS],
  };
}
