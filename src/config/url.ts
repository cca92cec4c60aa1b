// The connection URL forms of INTERFACES.md, parsed into a typed value.
import { ConfigError } from './errors.js';

export { ConfigError } from './errors.js';

/** The socket xapi listens on in a host's control domain; an ssh URL without a path reaches it. */
export const DEFAULT_XAPI_SOCKET = '/var/lib/xcp/xapi';

export type UrlKind = 'http' | 'https' | 'unix' | 'ssh' | 'stdio' | 'local';

export type ParsedUrl =
  | { readonly kind: 'http' | 'https'; readonly host: string; readonly port: number; readonly explicitPort: boolean }
  | { readonly kind: 'unix'; readonly path: string }
  | {
      readonly kind: 'ssh';
      readonly user?: string;
      readonly host: string;
      readonly port: number;
      readonly explicitPort: boolean;
      readonly socketPath: string;
    }
  | { readonly kind: 'stdio'; readonly command: string }
  /** `dir` absent: the default state directory, filled in by resolveConnection. */
  | { readonly kind: 'local'; readonly dir?: string };

const DEFAULT_PORTS = { http: 80, https: 443, ssh: 22 } as const;

const FORMS = 'http://HOST[:PORT], https://HOST[:PORT], unix:PATH, ssh://[USER@]HOST[:PORT][/SOCKET/PATH], stdio:COMMAND or local:[DIR]';

/**
 * The `user:password` before the last "@" of an http(s) or ssh URL's rest, if it holds a password (a `HOST:PORT/path`
 * of an ssh socket path holding "@" does not count).
 */
function userinfoWithPassword(rest: string, ssh: boolean): string | undefined {
  const at = rest.lastIndexOf('@');
  const userinfo = at < 0 ? '' : rest.slice(0, at);
  if (!userinfo.includes(':') || (ssh && /^[^:/]*:[0-9]*\//.test(userinfo))) return undefined;
  return userinfo;
}

/** The URL as an error may quote it: a password in `scheme://user:password@` masked. */
function masked(text: string): string {
  const m = /^(\s*([A-Za-z][A-Za-z0-9+.-]*):\/\/)(.*)$/s.exec(text);
  const userinfo = m === null ? undefined : userinfoWithPassword(m[3] ?? '', m[2]?.toLowerCase() === 'ssh');
  if (m === null || userinfo === undefined) return text;
  return `${m[1] ?? ''}${userinfo.slice(0, userinfo.indexOf(':'))}:***${(m[3] ?? '').slice(userinfo.length)}`;
}

function bad(text: string, why: string): ConfigError {
  return new ConfigError(`invalid URL "${masked(text)}": ${why} (expected ${FORMS})`);
}

/** Splits `HOST[:PORT]`, with `[v6addr]` brackets for IPv6 literals. */
function splitHostPort(text: string, authority: string, scheme: 'http' | 'https' | 'ssh'): { host: string; port: number; explicitPort: boolean } {
  let host: string;
  let portText: string | undefined;
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close < 0) throw bad(text, 'unclosed "[" in the host');
    host = authority.slice(1, close);
    const rest = authority.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) throw bad(text, 'unexpected text after "]"');
    portText = rest === '' ? undefined : rest.slice(1);
    if (!/^[0-9a-fA-F:.]+$/.test(host) || !host.includes(':')) throw bad(text, `"${host}" is not an IPv6 address`);
  } else {
    const colon = authority.lastIndexOf(':');
    host = colon < 0 ? authority : authority.slice(0, colon);
    portText = colon < 0 ? undefined : authority.slice(colon + 1);
    if (host.includes(':')) throw bad(text, 'write an IPv6 address in brackets, e.g. [::1]');
    if (!/^[A-Za-z0-9._-]+$/.test(host)) throw bad(text, host === '' ? 'no host' : `"${host}" is not a host name`);
  }
  if (portText === undefined) return { host, port: DEFAULT_PORTS[scheme], explicitPort: false };
  if (!/^[0-9]{1,5}$/.test(portText)) throw bad(text, `"${portText}" is not a port number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(text, `port ${port} is out of range 1-65535`);
  return { host, port, explicitPort: true };
}

function parseNetwork(text: string, scheme: 'http' | 'https', rest: string): ParsedUrl {
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash);
  if (path !== '' && path !== '/') throw bad(text, `a path ("${path}") is not supported; the API lives at the root`);
  if (authority.includes('@')) throw bad(text, 'credentials in the URL are not accepted (use --user and --password-file)');
  if (/[?#]/.test(authority)) throw bad(text, 'query strings and fragments are not supported');
  return { kind: scheme, ...splitHostPort(text, authority, scheme) };
}

function parseSsh(text: string, rest: string): ParsedUrl {
  const slash = rest.indexOf('/');
  let authority = slash < 0 ? rest : rest.slice(0, slash);
  const socketPath = slash < 0 || rest.length === slash + 1 ? DEFAULT_XAPI_SOCKET : rest.slice(slash);
  let user: string | undefined;
  const at = authority.lastIndexOf('@');
  if (at >= 0) {
    user = decodeURIComponent(authority.slice(0, at));
    authority = authority.slice(at + 1);
    if (user === '') throw bad(text, 'empty user before "@"');
    if (user.includes(':')) throw bad(text, 'a password in the URL is not accepted (ssh uses your keys)');
  }
  const hp = splitHostPort(text, authority, 'ssh');
  return user === undefined ? { kind: 'ssh', ...hp, socketPath } : { kind: 'ssh', user, ...hp, socketPath };
}

/** Parses one of the URL forms; throws ConfigError naming what is wrong. */
export function parseUrl(text: string): ParsedUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw bad(text, 'it is empty');
  const colon = trimmed.indexOf(':');
  if (colon < 0) throw bad(text, 'no scheme');
  const scheme = trimmed.slice(0, colon).toLowerCase();
  const rest = trimmed.slice(colon + 1);
  switch (scheme) {
    case 'http':
    case 'https':
    case 'ssh': {
      if (!rest.startsWith('//')) throw bad(text, `${scheme} URLs start with ${scheme}://`);
      // Refused before anything else is said about the URL, so no message quotes a piece of the password.
      if (userinfoWithPassword(rest.slice(2), scheme === 'ssh') !== undefined) {
        throw bad(text, scheme === 'ssh' ? 'a password in the URL is not accepted (ssh uses your keys)'
          : 'credentials in the URL are not accepted (use --user and --password-file)');
      }
      return scheme === 'ssh' ? parseSsh(text, rest.slice(2)) : parseNetwork(text, scheme, rest.slice(2));
    }
    case 'unix': {
      const path = rest.startsWith('//') ? rest.slice(2) : rest;
      if (path === '') throw bad(text, 'unix: needs the path of a socket');
      return { kind: 'unix', path };
    }
    case 'stdio': {
      const command = rest.trim();
      if (command === '') throw bad(text, 'stdio: needs a command to run');
      return { kind: 'stdio', command };
    }
    case 'local': {
      const dir = rest.startsWith('//') ? rest.slice(2) : rest;
      return dir === '' ? { kind: 'local' } : { kind: 'local', dir };
    }
    default:
      throw bad(text, `unknown scheme "${scheme}"`);
  }
}

function hostText(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** The canonical text of a parsed URL (what `--debug` and messages show). */
export function formatUrl(url: ParsedUrl): string {
  switch (url.kind) {
    case 'http':
    case 'https':
      return `${url.kind}://${hostText(url.host)}${url.explicitPort ? `:${url.port}` : ''}`;
    case 'ssh': {
      const user = url.user === undefined ? '' : `${url.user}@`;
      const port = url.explicitPort ? `:${url.port}` : '';
      const path = url.socketPath === DEFAULT_XAPI_SOCKET ? '' : url.socketPath;
      return `ssh://${user}${hostText(url.host)}${port}${path}`;
    }
    case 'unix':
      return `unix:${url.path}`;
    case 'stdio':
      return `stdio:${url.command}`;
    case 'local':
      return url.dir === undefined ? 'local:' : `local:${url.dir}`;
  }
}

/** The same network URL with another host: where HOST_IS_SLAVE points (same scheme and port). */
export function withHost(url: ParsedUrl, host: string): ParsedUrl {
  if (url.kind !== 'http' && url.kind !== 'https' && url.kind !== 'ssh') {
    throw new ConfigError(`cannot redirect a ${url.kind}: connection to another host`);
  }
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return { ...url, host: bare };
}

/** Delegated channels: the far side trusts the channel, so no password is sent and no prompt is shown. */
export function isDelegated(url: ParsedUrl): boolean {
  return url.kind === 'unix' || url.kind === 'stdio' || url.kind === 'local' || url.kind === 'ssh';
}
