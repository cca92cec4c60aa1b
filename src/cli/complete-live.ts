// Live completion values: the names and uuids of a class's objects on the current connection, asked under a short
// deadline and kept a few seconds in $XDG_CACHE_HOME/xenctl/complete, so pressing TAB never hangs or prints errors.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClassDef, XenStruct, XenValue } from '../model/types.js';
import type { Ctx } from './context.js';
import type { Env } from './io.js';
import type { RawFlags } from './parse.js';
import { findFlag } from './parse.js';
import { GLOBAL_FLAGS } from './globals.js';
import { toGlobals } from './globals-read.js';
import { FIELD_NAMES } from './wire-names.js';
import { HIDDEN_BY_DEFAULT } from './generic/list.js';
import { implicitMessage, nounOf, wireOf } from './generic/names.js';
import { isStruct } from '../model/values.js';

export const LIVE_TIMEOUT_MS = 1500;
export const LIVE_TTL_MS = 20_000;

/** Objects as completion shows them: the name (when there is one) and the uuid. */
export interface LiveObject {
  readonly name?: string;
  readonly uuid: string;
}

/** The global connection options typed on the line (`--url`, `--context`, ...), others ignored. */
export function lineGlobals(words: readonly string[]): RawFlags {
  const raw: RawFlags = {};
  for (let i = 0; i < words.length; i++) {
    const tok = words[i] ?? '';
    if (!tok.startsWith('-') || tok.length < 2) continue;
    const hit = findFlag(GLOBAL_FLAGS, tok);
    if (hit === undefined) continue;
    if (hit.spec.kind === 'bool') raw[hit.spec.name] = true;
    else if (hit.inline !== undefined) raw[hit.spec.name] = hit.inline;
    else if (i + 1 < words.length) raw[hit.spec.name] = words[++i] ?? '';
  }
  return raw;
}

function cacheDir(env: Env): string | undefined {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg !== undefined && xdg.startsWith('/')) return join(xdg, 'xenctl', 'complete');
  const home = env['HOME'];
  return home === undefined || home === '' ? undefined : join(home, '.cache', 'xenctl', 'complete');
}

/** The cache file of a class on a connection: the connection settings and the class, hashed. */
function cachePath(env: Env, raw: RawFlags, cls: ClassDef, slot = ''): string | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  const who = ['url', 'user', 'context', 'password-file'].map((k) => raw[k] ?? '');
  const fromEnv = ['XENCTL_URL', 'XENCTL_USER', 'XENCTL_CONTEXT', 'XENCTL_PASSWORD_FILE', 'XDG_DATA_HOME', 'XDG_CONFIG_HOME'].map((k) => env[k] ?? '');
  const key = createHash('sha256').update(JSON.stringify([...who, ...fromEnv, cls.name, slot])).digest('hex').slice(0, 32);
  return join(dir, `${key}.json`);
}

function readCached(path: string, now: number): unknown[] | undefined {
  try {
    if (now - statSync(path).mtimeMs > LIVE_TTL_MS) return undefined;
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function readObjects(path: string, now: number): LiveObject[] | undefined {
  try {
    const data = readCached(path, now);
    if (data === undefined) return undefined;
    return data.flatMap((o: unknown): LiveObject[] => {
      if (typeof o !== 'object' || o === null) return [];
      const { name, uuid } = o as Record<string, unknown>;
      return typeof uuid === 'string' ? [{ uuid, ...(typeof name === 'string' ? { name } : {}) }] : [];
    });
  } catch {
    return undefined;
  }
}

function writeCache(path: string, objects: readonly (LiveObject | string)[]): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${randomBytes(4).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(objects), { mode: 0o600 });
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only makes the next TAB slower.
  }
}

/** The objects worth offering: not those `list` hides by default (templates, snapshots, control domains). */
function shownRecords(cls: ClassDef, all: XenValue): XenStruct[] {
  if (!isStruct(all)) return [];
  const hidden = (HIDDEN_BY_DEFAULT[nounOf(cls.name)] ?? []).map((f) => f.replace(/-/g, '_'));
  return Object.values(all).filter((rec): rec is XenStruct => isStruct(rec) && !hidden.some((f) => rec[f] === true));
}

function objectsOf(records: readonly XenStruct[]): LiveObject[] {
  const out: LiveObject[] = [];
  for (const rec of records) {
    const uuid = rec[FIELD_NAMES.uuid];
    const name = rec[FIELD_NAMES.nameLabel];
    if (typeof uuid === 'string') out.push({ uuid, ...(typeof name === 'string' && name !== '' ? { name } : {}) });
  }
  return out;
}

/**
 * TAB never creates a `local:` state: seeding one takes longer than the deadline, and a seeding cut short (the
 * shell's `timeout`) must not be what the next real command finds.
 */
async function localStateMissing(ctx: Ctx, raw: RawFlags): Promise<boolean> {
  const g = toGlobals(raw);
  const { resolveConnection } = await import('../config/resolve.js');
  const conn = await resolveConnection({
    ...(g.url === undefined ? {} : { url: g.url }),
    ...(g.context === undefined ? {} : { context: g.context }),
    insecure: g.insecure,
  }, ctx.env);
  return conn.url.kind === 'local' && (conn.url.dir === undefined || !existsSync(conn.url.dir));
}

/** The records on the server (those list shows), or undefined when it was not asked (nothing to cache then). */
async function fetchRecords(ctx: Ctx, raw: RawFlags, cls: ClassDef): Promise<XenStruct[] | undefined> {
  const msg = implicitMessage(cls, 'get_all_records');
  if (msg === undefined || (await localStateMissing(ctx, raw))) return undefined;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), LIVE_TIMEOUT_MS);
  const sink = { write: () => true };
  const { openConnection } = await import('./connect.js');
  const quiet: Omit<Ctx, 'client'> = {
    ...ctx,
    io: { stdout: sink, stderr: sink, stdin: ctx.io.stdin, isTTY: { stdin: false, stdout: false, stderr: false }, columns: 80, signal: deadline.signal, ...(ctx.io.pid === undefined ? {} : { pid: ctx.io.pid }), ...(ctx.io.cwd === undefined ? {} : { cwd: ctx.io.cwd }) },
    globals: { ...toGlobals(raw), quiet: true },
    note: () => undefined,
  };
  const late = new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }));
  let conn: Awaited<ReturnType<typeof openConnection>> | undefined;
  try {
    conn = await Promise.race([openConnection(quiet), late]);
    const all = await Promise.race([conn.caller.call(wireOf(msg), []), late]);
    return shownRecords(cls, all);
  } finally {
    clearTimeout(timer);
    late.catch(() => undefined);
    if (conn !== undefined) await Promise.race([conn.close().catch(() => undefined), new Promise((r) => setTimeout(r, 200))]);
  }
}

/**
 * The list kept for this connection, class and slot while the cache is fresh; else made from the server's records
 * and cached. Undefined when the server was not asked.
 */
async function cachedOrFetched<T extends LiveObject | string>(ctx: Ctx, before: readonly string[], cls: ClassDef, slot: string, now: number,
  read: (path: string, now: number) => T[] | undefined, make: (records: readonly XenStruct[]) => T[]): Promise<T[] | undefined> {
  const raw = lineGlobals(before);
  const path = cachePath(ctx.env, raw, cls, slot);
  const cached = path === undefined ? undefined : read(path, now);
  if (cached !== undefined) return cached;
  const records = await fetchRecords(ctx, raw, cls);
  if (records === undefined) return undefined;
  const made = make(records);
  if (path !== undefined) writeCache(path, made);
  return made;
}

function readStrings(path: string, now: number): string[] | undefined {
  return readCached(path, now)?.filter((v): v is string => typeof v === 'string');
}

/** The live candidates for the word being typed: names (and uuids once the word looks like one); never throws. */
export async function liveCandidates(ctx: Ctx, cls: ClassDef, before: readonly string[], current: string, now: number): Promise<string[]> {
  try {
    const objects = await cachedOrFetched(ctx, before, cls, '', now, readObjects, objectsOf);
    if (objects === undefined) return [];
    const names = objects.map((o) => o.name ?? o.uuid);
    const uuids = current === '' ? [] : objects.flatMap((o) => (o.name === undefined ? [] : [o.uuid]));
    return [...new Set([...names, ...uuids])].filter((c) => c.startsWith(current));
  } catch {
    return [];
  }
}

/** Values in use for a positional that offers them (`vm profile add VM <TAB>`: every VM's profiles); never throws. */
export async function liveValues(ctx: Ctx, cls: ClassDef, slot: string, pick: (r: XenStruct) => readonly string[],
  before: readonly string[], current: string, now: number): Promise<string[]> {
  try {
    const values = await cachedOrFetched(ctx, before, cls, slot, now, readStrings, (records) => [...new Set(records.flatMap((r) => pick(r)))].sort());
    return (values ?? []).filter((v) => v.startsWith(current));
  } catch {
    return [];
  }
}
