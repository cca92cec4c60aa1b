// event.from: a snapshot for the empty token, else the objects changed since the token (blocking until there is
// one or the timeout passes), as an event batch {events, valid_ref_counts, token}.
import type { XenStruct, XenValue } from '../../model/types.js';
import { I4_MEMBERS } from '../../wire/xmlrpc-encode.js';
import type { ServerContext } from '../context.js';
import { wireRecord } from '../implicit.js';
import type { LoggedChange } from './log.js';
import { MESSAGE_CLASS } from './log.js';
import type { Subscription } from './subscription.js';
import { matcherOf, parseSubscription } from './subscription.js';
import { parseToken } from './token.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';

const SESSION_CLASS = 'session';

/** Longest wait, and the wait for a negative or non-numeric timeout (xapi's 24 h). */
export const MAX_WAIT_MS = 24 * 3600 * 1000;
/** event.from events carry this timestamp. */
const FROM_TIMESTAMP = '0.0';

const lower = (cls: string): string => cls.toLowerCase();

export function waitMs(timeoutSeconds: number): number {
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) return MAX_WAIT_MS;
  return Math.min(timeoutSeconds * 1000, MAX_WAIT_MS);
}

function struct(): Record<string, XenValue> {
  return Object.create(null) as Record<string, XenValue>;
}

/** One event as xapi writes it; `snapshot` only while the object exists. */
export function eventStruct(
  server: ServerContext, id: number, timestamp: string, cls: string, op: string, ref: string, record: XenStruct | undefined,
): XenStruct {
  const ev = struct();
  ev['id'] = String(id);
  ev['timestamp'] = timestamp;
  ev['class'] = lower(cls);
  ev['operation'] = op;
  ev['ref'] = ref;
  const info = server.classes.get(cls);
  if (record !== undefined && info !== undefined) ev['snapshot'] = wireRecord(server, info, record);
  return ev;
}

/** Live objects in every table that has events (lowercase class → count); xapi keeps messages outside its DB. */
export function validRefCounts(server: ServerContext): XenStruct {
  const out = struct();
  for (const info of server.classes.all()) {
    const cls = info.def.name;
    if (cls === MESSAGE_CLASS || !server.events.log.emits(cls)) continue;
    out[lower(cls)] = BigInt(server.store.count(cls));
  }
  // xapi's counts are int32s: XML-RPC <i4>, where its int64s are untyped values.
  Object.defineProperty(out, I4_MEMBERS, { value: true });
  return out;
}

function batch(server: ServerContext, events: XenValue[]): XenStruct {
  const out = struct();
  out['events'] = events;
  out['valid_ref_counts'] = validRefCounts(server);
  out['token'] = server.events.log.token();
  return out;
}

/** Every existing object the subscription names, as `add` events. */
function snapshot(server: ServerContext, sub: Subscription): XenValue[] {
  const { store } = server;
  const log = server.events.log;
  const gen = log.generation;
  const events: XenValue[] = [];
  for (const info of server.classes.all()) {
    const cls = info.def.name;
    if (!log.emits(cls)) continue;
    if (sub.all || sub.classes.has(lower(cls))) {
      for (const [ref, rec] of store.all(cls)) events.push(eventStruct(server, gen, FROM_TIMESTAMP, cls, 'add', ref, rec));
    }
  }
  for (const key of sub.objects) {
    const slash = key.indexOf('/');
    const def = server.model.findClass(key.slice(0, slash));
    if (def === undefined || sub.all || sub.classes.has(lower(def.name)) || !log.emits(def.name)) continue;
    const ref = key.slice(slash + 1);
    const rec = store.get(def.name, ref);
    if (rec !== undefined) events.push(eventStruct(server, gen, FROM_TIMESTAMP, def.name, 'add', ref, rec));
  }
  return events;
}

/**
 * The events of changes after `since`, as xapi's event.from makes them: an object created since is an `add` (id: its
 * creation), one changed is a `mod`, one deleted a `del`; one both created and deleted since is no event at all.
 */
function changeEvents(server: ServerContext, since: number, changes: readonly LoggedChange[]): XenValue[] {
  const events: XenValue[] = [];
  for (const c of changes) {
    const created = c.created > since;
    const rec = c.deleted ? undefined : server.store.get(c.cls, c.ref);
    if (rec === undefined && created) continue;
    const op = rec === undefined ? 'del' : created ? 'add' : 'mod';
    events.push(eventStruct(server, op === 'add' ? c.created : c.gen, FROM_TIMESTAMP, c.cls, op, c.ref, rec));
  }
  return events;
}

export async function eventFrom(
  server: ServerContext, classes: readonly string[], token: string, timeoutSeconds: number, signal?: AbortSignal,
  session?: string,
): Promise<XenStruct> {
  // xapi answers SESSION_INVALID when the caller's session is destroyed (logout) while the call waits.
  const gone = (): boolean => session !== undefined && !server.store.has(SESSION_CLASS, session);
  const sub = parseSubscription(server.model, classes);
  const parsed = parseToken(token);
  const log = server.events.log;
  if (parsed === undefined) return batch(server, snapshot(server, sub));
  const match = matcherOf(sub, lower);
  // A monotonic clock: the server's clock may be fixed (tests) or jump.
  const deadline = performance.now() + waitMs(timeoutSeconds);
  // Where this call looks from; it moves on past changes that make no event (objects created and deleted since).
  let base = -1;
  for (;;) {
    const since = Math.max(log.resume(parsed), base);
    const events = changeEvents(server, since, log.since(since, match));
    const left = deadline - performance.now();
    if (gone()) throw new XenApiError(ERR.SESSION_INVALID, [session ?? '']);
    if (events.length > 0 || left <= 0 || log.waiters.closed || signal?.aborted === true) return batch(server, events);
    base = log.generation;
    // Each wake-up only looks at what changed since the previous look.
    let checked = base;
    await log.wait(() => {
      if (gone()) return true;
      const found = log.hasSince(checked, match);
      checked = log.generation;
      return found;
    }, left, signal);
  }
}
