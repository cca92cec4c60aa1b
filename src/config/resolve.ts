// Connection settings from flags > environment > context > defaults, remembering where each came from.
import { ConfigError } from './errors.js';
import { isProtocol, readConfig, type Context } from './contexts.js';
import type { Env, XenctlPaths } from './paths.js';
import { expandHome, xenctlPaths } from './paths.js';
import { formatUrl, isDelegated, parseUrl, type ParsedUrl } from './url.js';
import { PROTOCOL_CHOICES, type ProtocolChoice } from '../transport/types.js';

export type SettingSource = 'flag' | 'env' | 'context' | 'default';

/** The global options that bear on the connection, as the CLI parsed them. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly user?: string;
  readonly passwordFile?: string;
  readonly context?: string;
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly protocol?: string;
}

export const ENV = Object.freeze({
  url: 'XENCTL_URL',
  user: 'XENCTL_USER',
  passwordFile: 'XENCTL_PASSWORD_FILE',
  context: 'XENCTL_CONTEXT',
});

export const DEFAULT_USER = 'root';

export interface ResolvedConnection {
  /** For `local:`, `dir` is always filled in. */
  readonly url: ParsedUrl;
  readonly user: string;
  readonly passwordFile?: string;
  readonly ca?: string;
  readonly insecure: boolean;
  readonly protocol: ProtocolChoice;
  /** The context whose settings were consulted, if any. */
  readonly context?: string;
  /** Unix, stdio, local and ssh: no password, no prompt. */
  readonly delegated: boolean;
  readonly sources: {
    readonly url: SettingSource;
    readonly user: SettingSource;
    readonly passwordFile?: SettingSource;
    readonly ca?: SettingSource;
    readonly insecure: SettingSource;
    readonly protocol: SettingSource;
    readonly context?: 'flag' | 'env' | 'current';
  };
}

interface Chosen<T> {
  readonly value: T;
  readonly source: SettingSource;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

function first<T>(...candidates: readonly [T | undefined, SettingSource][]): Chosen<T> | undefined {
  for (const [value, source] of candidates) if (value !== undefined) return { value, source };
  return undefined;
}

/**
 * Which context applies: `--context`, then XENCTL_CONTEXT, then the current context. XENCTL_CONTEXT and the
 * current context are standing choices, consulted only when no URL came from a flag or the environment, so their
 * password file is never sent to a server it was not written for; a context named by --context on the command
 * line applies setting by setting.
 */
async function chooseContext(flags: ConnectionFlags, env: Env, paths: XenctlPaths, urlGiven: boolean): Promise<{ name: string; context: Context; how: 'flag' | 'env' | 'current' } | undefined> {
  if (nonEmpty(flags.context) === undefined && urlGiven) return undefined;
  const named = first<string>([nonEmpty(flags.context), 'flag'], [nonEmpty(env[ENV.context]), 'env']);
  const cfg = await readConfig(paths.configFile);
  if (cfg === undefined) return undefined;
  const name = named?.value ?? cfg.currentContext;
  if (name === undefined) return undefined;
  const context = cfg.contexts.get(name);
  if (context === undefined) {
    const where = named === undefined ? `the current context of ${paths.configFile}` : named.source === 'flag' ? '--context' : ENV.context;
    throw new ConfigError(`${where} names "${name}", but ${paths.configFile} has no such context`);
  }
  const how = named === undefined ? 'current' : named.source === 'flag' ? 'flag' : 'env';
  return { name, context, how };
}

function parseSetting(text: string, source: SettingSource, ctxName: string | undefined): ParsedUrl {
  try {
    return parseUrl(text);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const from = source === 'flag' ? '--url' : source === 'env' ? ENV.url : `context "${ctxName ?? ''}"`;
    throw new ConfigError(`${from}: ${err.message}`);
  }
}

export async function resolveConnection(flags: ConnectionFlags, env: Env, paths: XenctlPaths = xenctlPaths(env)): Promise<ResolvedConnection> {
  const flagUrl = nonEmpty(flags.url);
  const envUrl = nonEmpty(env[ENV.url]);
  const chosen = await chooseContext(flags, env, paths, flagUrl !== undefined || envUrl !== undefined);
  const ctx = chosen?.context;

  const urlPick = first<string>([flagUrl, 'flag'], [envUrl, 'env'], [ctx?.url, 'context']) ?? { value: 'local:', source: 'default' as const };
  let url = parseSetting(urlPick.value, urlPick.source, chosen?.name);
  if (url.kind === 'local') url = { kind: 'local', dir: url.dir === undefined ? paths.localStateDir : expandHome(url.dir, env) };
  if (url.kind === 'unix') url = { kind: 'unix', path: expandHome(url.path, env) };

  const user = first<string>([nonEmpty(flags.user), 'flag'], [nonEmpty(env[ENV.user]), 'env'], [ctx?.user, 'context']) ?? { value: DEFAULT_USER, source: 'default' as const };
  const passwordFile = first<string>([nonEmpty(flags.passwordFile), 'flag'], [nonEmpty(env[ENV.passwordFile]), 'env'], [ctx?.passwordFile, 'context']);
  const ca = first<string>([nonEmpty(flags.ca), 'flag'], [ctx?.ca, 'context']);
  const insecure = first<boolean>([flags.insecure === true ? true : undefined, 'flag'], [ctx?.insecure, 'context']) ?? { value: false, source: 'default' as const };
  const protocolPick = first<string>([nonEmpty(flags.protocol), 'flag'], [ctx?.protocol, 'context']) ?? { value: 'auto', source: 'default' as const };
  if (!isProtocol(protocolPick.value)) {
    throw new ConfigError(`--protocol must be one of ${PROTOCOL_CHOICES.join(', ')}, not "${protocolPick.value}"`);
  }

  return {
    url,
    user: user.value,
    ...(passwordFile === undefined ? {} : { passwordFile: expandHome(passwordFile.value, env) }),
    ...(ca === undefined ? {} : { ca: expandHome(ca.value, env) }),
    insecure: insecure.value,
    protocol: protocolPick.value,
    ...(chosen === undefined ? {} : { context: chosen.name }),
    delegated: isDelegated(url),
    sources: {
      url: urlPick.source,
      user: user.source,
      ...(passwordFile === undefined ? {} : { passwordFile: passwordFile.source }),
      ...(ca === undefined ? {} : { ca: ca.source }),
      insecure: insecure.source,
      protocol: protocolPick.source,
      ...(chosen === undefined ? {} : { context: chosen.how }),
    },
  };
}

/** `root@https://pool1:443`, for prompts and messages. */
export function describeConnection(conn: ResolvedConnection): string {
  return conn.delegated ? formatUrl(conn.url) : `${conn.user}@${formatUrl(conn.url)}`;
}
