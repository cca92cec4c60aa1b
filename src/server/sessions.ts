// Session objects, stored in the store's `session` class so they survive a restart of a disk-backed server.
import type { XenValue } from '../model/types.js';
import { NULL_REF } from '../model/values.js';
import { makeRecord, newRef } from './store/records.js';
import type { Channel, ServerContext, SessionInfo } from './context.js';

/** The datamodel's class of session objects and the fields the server reads and writes. */
const SESSION = 'session';
const LAST_ACTIVE_REFRESH_MS = 60_000;

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
  for (const [, pool] of server.store.all('pool')) {
    const master = pool['master'];
    if (typeof master === 'string') return master;
  }
  return NULL_REF;
}

export function createSession(server: ServerContext, s: NewSession): string {
  const now = server.clock.now();
  const ref = newRef();
  const values: Record<string, XenValue> = {
    this_host: masterHost(server),
    last_active: now,
    validation_time: now,
    is_local_superuser: s.superuser,
    auth_user_name: s.user,
    auth_user_sid: s.sid ?? '',
    subject: s.subject ?? NULL_REF,
    rbac_permissions: [...(s.permissions ?? [])],
    originator: s.originator,
    parent: s.parent ?? NULL_REF,
  };
  server.store.create(SESSION, ref, makeRecord(server.model, SESSION, values));
  return ref;
}

/** The live session with this ref, refreshing its last_active now and then (not on every call: writes cost). */
export function findSession(server: ServerContext, ref: string): SessionInfo | undefined {
  const record = server.store.get(SESSION, ref);
  if (record === undefined) return undefined;
  const last = record['last_active'];
  const now = server.clock.now();
  if (last instanceof Date && now.getTime() - last.getTime() > LAST_ACTIVE_REFRESH_MS) {
    server.store.update(SESSION, ref, { last_active: now });
  }
  return { ref, record };
}

export function destroySession(server: ServerContext, ref: string): void {
  if (server.store.has(SESSION, ref)) server.store.destroy(SESSION, ref);
}

/** Every session whose external-auth identifier is `sid`. */
export function sessionsOfSubject(server: ServerContext, sid: string): string[] {
  const out: string[] = [];
  for (const [ref, rec] of server.store.all(SESSION)) if (rec['auth_user_sid'] === sid) out.push(ref);
  return out;
}

export function subjectIdentifiers(server: ServerContext): string[] {
  const out = new Set<string>();
  for (const [, rec] of server.store.all(SESSION)) {
    const sid = rec['auth_user_sid'];
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
