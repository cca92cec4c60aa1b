// Session objects, stored in the store's `session` class so they survive a restart of a disk-backed server.
import type { XenValue } from '../model/types.js';
import { NULL_REF } from '../model/values.js';
import { makeRecord, newRef } from './store/records.js';
import type { Channel, ServerContext, SessionInfo } from './context.js';
import { CLASSES, POOL_FIELDS, SESSION_FIELDS } from './wire-names.js';
import { identityOf } from './rbac/identity.js';

const SESSION = CLASSES.session;
const F = SESSION_FIELDS;
const LAST_ACTIVE_REFRESH_MS = 60_000;
/** As xapi: idle sessions end after 24 h; at most 500 per user and originator (the least recently active go). */
const IDLE_LIMIT_MS = 24 * 3600 * 1000;
const PER_ORIGINATOR = 500;

export interface NewSession {
  readonly user: string;
  readonly superuser: boolean;
  readonly originator: string;
  /** External-auth subject's identifier; empty for local users. */
  readonly sid?: string;
  readonly subject?: string;
  /** Frozen at login (RBAC); empty for the local superuser, who bypasses RBAC. */
  readonly permissions?: readonly string[];
  readonly parent?: string;
}

/** The coordinator host (pool.master), or the null ref on an empty store. */
export function masterHost(server: ServerContext): string {
  for (const [, pool] of server.store.all(CLASSES.pool)) {
    const master = pool[POOL_FIELDS.master];
    if (typeof master === 'string') return master;
  }
  return NULL_REF;
}

/** Ends idle sessions, and the oldest of this user's and originator's when they reach the cap. */
function reapSessions(server: ServerContext, user: string, originator: string, now: Date): void {
  const idle: string[] = [];
  const mine: [string, number][] = [];
  for (const [ref, rec] of server.store.all(SESSION)) {
    const last = rec[F.lastActive];
    const t = last instanceof Date ? last.getTime() : 0;
    if (now.getTime() - t > IDLE_LIMIT_MS) idle.push(ref);
    else if (rec[F.authUserName] === user && rec[F.originator] === originator) mine.push([ref, t]);
  }
  mine.sort((a, b) => a[1] - b[1]);
  for (const [ref] of mine.slice(0, Math.max(0, mine.length - PER_ORIGINATOR + 1))) idle.push(ref);
  for (const ref of idle) server.store.destroy(SESSION, ref);
}

/**
 * Makes a session for a user who proved who they are. Unless `permissions` are given, RBAC decides who that is:
 * only the owner keeps `superuser`; anyone else is their subject (SESSION_AUTHORIZATION_FAILED when they have none).
 */
export function createSession(server: ServerContext, s: NewSession): string {
  const who = s.permissions === undefined ? identityOf(server, s.user, s.superuser) : s;
  const now = server.clock.now();
  reapSessions(server, s.user, s.originator, now);
  const ref = newRef();
  const values: Record<string, XenValue> = {
    [F.thisHost]: masterHost(server),
    [F.lastActive]: now,
    [F.validationTime]: now,
    [F.isLocalSuperuser]: who.superuser,
    [F.authUserName]: s.user,
    [F.authUserSid]: who.sid ?? '',
    [F.subject]: who.subject ?? NULL_REF,
    [F.rbacPermissions]: [...(who.permissions ?? [])],
    [F.originator]: s.originator,
    [F.parent]: s.parent ?? NULL_REF,
  };
  server.store.create(SESSION, ref, makeRecord(server.model, SESSION, values));
  return ref;
}

/** The live session with this ref (none once idle over 24 h), refreshing its last_active now and then (not on every call: writes cost). */
export function findSession(server: ServerContext, ref: string): SessionInfo | undefined {
  const record = server.store.get(SESSION, ref);
  if (record === undefined) return undefined;
  const last = record[F.lastActive];
  const now = server.clock.now();
  if (!(last instanceof Date)) return { ref, record };
  // Idle past the limit: over, whether or not a login has reaped it yet.
  if (now.getTime() - last.getTime() > IDLE_LIMIT_MS) {
    server.store.destroy(SESSION, ref);
    return undefined;
  }
  if (now.getTime() - last.getTime() > LAST_ACTIVE_REFRESH_MS) {
    server.store.update(SESSION, ref, { [F.lastActive]: now });
  }
  return { ref, record };
}

export function destroySession(server: ServerContext, ref: string): void {
  if (server.store.has(SESSION, ref)) server.store.destroy(SESSION, ref);
}

/** Every session whose external-auth identifier is `sid`. */
export function sessionsOfSubject(server: ServerContext, sid: string): string[] {
  const out: string[] = [];
  for (const [ref, rec] of server.store.all(SESSION)) if (rec[F.authUserSid] === sid) out.push(ref);
  return out;
}

export function subjectIdentifiers(server: ServerContext): string[] {
  const out = new Set<string>();
  for (const [, rec] of server.store.all(SESSION)) {
    const sid = rec[F.authUserSid];
    if (typeof sid === 'string' && sid !== '') out.add(sid);
  }
  return [...out];
}

/** The user a delegated channel runs as. */
export function channelUser(server: ServerContext, channel: Channel): string {
  return channel.user ?? server.settings.ownerName;
}

/**
 * The session a delegated channel's calls run in when their session argument is the empty string: one per channel,
 * made on first use (and again if it was logged out).
 */
export function delegatedSession(server: ServerContext, channel: Channel, cache: WeakMap<Channel, string>): SessionInfo {
  const known = cache.get(channel);
  const found = known === undefined ? undefined : findSession(server, known);
  if (found !== undefined) return found;
  const ref = createSession(server, { user: channelUser(server, channel), superuser: true, originator: channel.kind });
  cache.set(channel, ref);
  const record = server.store.get(SESSION, ref);
  if (record === undefined) throw new Error('session vanished right after creation');
  return { ref, record };
}
