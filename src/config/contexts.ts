// Named connection contexts in config.yaml. Data functions only: the CLI prints. Secrets are never stored:
// a context names a password *file*.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { PROTOCOL_CHOICES, type ProtocolChoice } from '../transport/types.js';
import { writeFileAtomic } from './atomic.js';
import { ConfigError } from './errors.js';
import { parseUrl } from './url.js';
import { loadYaml } from './yaml-load.js';

export interface Context {
  readonly url: string;
  readonly user?: string;
  /** Absolute path of a file holding the password. */
  readonly passwordFile?: string;
  /** Absolute path of a PEM file of CA certificates to trust for https. */
  readonly ca?: string;
  readonly insecure?: boolean;
  readonly protocol?: ProtocolChoice;
}

export interface ContextEntry {
  readonly name: string;
  readonly current: boolean;
  readonly context: Context;
}

export interface XenctlConfig {
  readonly currentContext?: string;
  readonly contexts: ReadonlyMap<string, Context>;
}

/** The keys as spelled in config.yaml. */
const KEYS = { url: 'url', user: 'user', passwordFile: 'password-file', ca: 'ca', insecure: 'insecure', protocol: 'protocol' } as const;
const CURRENT = 'current-context';
const CONTEXTS = 'contexts';
const SECRET_KEYS: readonly string[] = ['password', 'pass', 'secret', 'token'];
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(file: string, name: string, obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new ConfigError(`${file}: context "${name}": ${key} must be a string`);
  return v;
}

function contextFromYaml(file: string, name: string, raw: unknown): Context {
  if (!isRecord(raw)) throw new ConfigError(`${file}: context "${name}" is not a mapping`);
  for (const key of SECRET_KEYS) {
    if (key in raw) throw new ConfigError(`${file}: context "${name}" holds a "${key}": secrets are not kept in the config file; name a password-file instead`);
  }
  const url = optString(file, name, raw, KEYS.url);
  if (url === undefined) throw new ConfigError(`${file}: context "${name}" has no url`);
  const insecure = raw[KEYS.insecure];
  if (insecure !== undefined && insecure !== null && typeof insecure !== 'boolean') {
    throw new ConfigError(`${file}: context "${name}": insecure must be true or false`);
  }
  const protocol = optString(file, name, raw, KEYS.protocol);
  if (protocol !== undefined && !isProtocol(protocol)) {
    throw new ConfigError(`${file}: context "${name}": protocol must be one of ${PROTOCOL_CHOICES.join(', ')}`);
  }
  return buildContext({
    url,
    user: optString(file, name, raw, KEYS.user),
    passwordFile: optString(file, name, raw, KEYS.passwordFile),
    ca: optString(file, name, raw, KEYS.ca),
    insecure: typeof insecure === 'boolean' ? insecure : undefined,
    protocol,
  });
}

export function isProtocol(v: string): v is ProtocolChoice {
  return (PROTOCOL_CHOICES as readonly string[]).includes(v);
}

/** Drops undefined members (exactOptionalPropertyTypes). */
function buildContext(c: { url: string; user: string | undefined; passwordFile: string | undefined; ca: string | undefined; insecure: boolean | undefined; protocol: ProtocolChoice | undefined }): Context {
  return {
    url: c.url,
    ...(c.user === undefined ? {} : { user: c.user }),
    ...(c.passwordFile === undefined ? {} : { passwordFile: c.passwordFile }),
    ...(c.ca === undefined ? {} : { ca: c.ca }),
    ...(c.insecure === undefined ? {} : { insecure: c.insecure }),
    ...(c.protocol === undefined ? {} : { protocol: c.protocol }),
  };
}

function contextToYaml(c: Context): Record<string, unknown> {
  const out: Record<string, unknown> = { [KEYS.url]: c.url };
  if (c.user !== undefined) out[KEYS.user] = c.user;
  if (c.passwordFile !== undefined) out[KEYS.passwordFile] = c.passwordFile;
  if (c.ca !== undefined) out[KEYS.ca] = c.ca;
  if (c.insecure !== undefined) out[KEYS.insecure] = c.insecure;
  if (c.protocol !== undefined) out[KEYS.protocol] = c.protocol;
  return out;
}

/** The parsed file plus its other top-level keys, kept untouched on rewrite. */
interface Loaded extends XenctlConfig {
  readonly extra: Record<string, unknown>;
}

async function load(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return { contexts: new Map(), extra: {} };
    throw new ConfigError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let doc: unknown;
  try {
    // yaml is imported only when there is a file to read: most commands run without one, and it costs start-up.
    doc = (await loadYaml()).parse(text);
  } catch (err) {
    throw new ConfigError(`${file} is not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (doc === null || doc === undefined) return { contexts: new Map(), extra: {} };
  if (!isRecord(doc)) throw new ConfigError(`${file}: expected a mapping at the top level`);
  const { [CURRENT]: current, [CONTEXTS]: rawContexts, ...extra } = doc;
  if (current !== undefined && current !== null && typeof current !== 'string') {
    throw new ConfigError(`${file}: ${CURRENT} must be a string`);
  }
  const contexts = new Map<string, Context>();
  if (rawContexts !== undefined && rawContexts !== null) {
    if (!isRecord(rawContexts)) throw new ConfigError(`${file}: ${CONTEXTS} must be a mapping of names to contexts`);
    for (const [name, raw] of Object.entries(rawContexts)) contexts.set(name, contextFromYaml(file, name, raw));
  }
  return typeof current === 'string' ? { currentContext: current, contexts, extra } : { contexts, extra };
}

async function save(file: string, cfg: Loaded): Promise<void> {
  const contexts: Record<string, unknown> = {};
  for (const [name, c] of cfg.contexts) contexts[name] = contextToYaml(c);
  const doc: Record<string, unknown> = { ...cfg.extra };
  if (cfg.currentContext !== undefined) doc[CURRENT] = cfg.currentContext;
  doc[CONTEXTS] = contexts;
  await writeFileAtomic(file, (await loadYaml()).stringify(doc));
}

function requireContext(file: string, cfg: XenctlConfig, name: string): Context {
  const c = cfg.contexts.get(name);
  if (c === undefined) {
    const known = [...cfg.contexts.keys()];
    throw new ConfigError(`no context named "${name}" in ${file}${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}`);
  }
  return c;
}

export async function readConfig(file: string): Promise<XenctlConfig> {
  const { currentContext, contexts } = await load(file);
  return currentContext === undefined ? { contexts } : { currentContext, contexts };
}

export interface AddContextOptions {
  /** Make it the current context. */
  readonly use?: boolean;
  /** Replace a context of that name instead of refusing. */
  readonly replace?: boolean;
  /** Directory that relative password-file and ca paths are relative to. */
  readonly cwd?: string;
}

function absolute(what: string, path: string | undefined, cwd: string | undefined): string | undefined {
  if (path === undefined || isAbsolute(path)) return path;
  if (cwd === undefined) throw new ConfigError(`${what} "${path}" must be an absolute path`);
  return resolvePath(cwd, path);
}

export async function addContext(file: string, name: string, context: Context, opts: AddContextOptions = {}): Promise<ContextEntry> {
  if (!NAME_RE.test(name)) throw new ConfigError(`"${name}" is not a valid context name (letters, digits, ".", "_", "-")`);
  parseUrl(context.url);
  if (context.protocol !== undefined && !isProtocol(context.protocol)) {
    throw new ConfigError(`protocol must be one of ${PROTOCOL_CHOICES.join(', ')}`);
  }
  const cfg = await load(file);
  if (cfg.contexts.has(name) && opts.replace !== true) throw new ConfigError(`a context named "${name}" already exists`);
  const stored = buildContext({
    url: context.url,
    user: context.user,
    passwordFile: absolute('password file', context.passwordFile, opts.cwd),
    ca: absolute('CA file', context.ca, opts.cwd),
    insecure: context.insecure,
    protocol: context.protocol,
  });
  const contexts = new Map(cfg.contexts).set(name, stored);
  const currentContext = opts.use === true ? name : cfg.currentContext;
  await save(file, { ...(currentContext === undefined ? {} : { currentContext }), contexts, extra: cfg.extra });
  return { name, current: currentContext === name, context: stored };
}

export async function useContext(file: string, name: string): Promise<ContextEntry> {
  const cfg = await load(file);
  const context = requireContext(file, cfg, name);
  await save(file, { ...cfg, currentContext: name });
  return { name, current: true, context };
}

/** Every context, sorted by name. */
export async function listContexts(file: string): Promise<ContextEntry[]> {
  const cfg = await load(file);
  return [...cfg.contexts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, context]) => ({ name, current: name === cfg.currentContext, context }));
}

/** One context; without a name, the current one (ConfigError when there is none). */
export async function showContext(file: string, name?: string): Promise<ContextEntry> {
  const cfg = await load(file);
  const wanted = name ?? cfg.currentContext;
  if (wanted === undefined) throw new ConfigError('no current context (choose one with "xenctl context use NAME")');
  return { name: wanted, current: wanted === cfg.currentContext, context: requireContext(file, cfg, wanted) };
}

/** Removes a context; removing the current one leaves no current context. */
export async function removeContext(file: string, name: string): Promise<ContextEntry> {
  const cfg = await load(file);
  const context = requireContext(file, cfg, name);
  const contexts = new Map(cfg.contexts);
  contexts.delete(name);
  const current = cfg.currentContext === name ? undefined : cfg.currentContext;
  await save(file, { ...(current === undefined ? {} : { currentContext: current }), contexts, extra: cfg.extra });
  return { name, current: cfg.currentContext === name, context };
}
