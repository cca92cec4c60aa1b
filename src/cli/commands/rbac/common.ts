// What the role, subject, whoami and audit commands share: wire names, finding roles and subjects by name, the
// caller's own session, and reading a password file.
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { XenStruct, XenValue } from '../../../model/types.js';
import { ROLES } from '../../../model/types.js';
import type { Caller, Ctx } from '../../context.js';
import { AmbiguousError, NotFoundError, UsageError } from '../../errors.js';
import { isStruct } from '../../../model/values.js';
import { shownNames } from '../../select.js';

export const M = Object.freeze({
  roleAllRecords: 'role.get_all_records',
  roleByName: 'role.get_by_name_label',
  rolePermissions: 'role.get_permissions_name_label',
  subjectAllRecords: 'subject.get_all_records',
  subjectCreate: 'subject.create',
  subjectDestroy: 'subject.destroy',
  subjectAddRole: 'subject.add_to_roles',
  subjectRemoveRole: 'subject.remove_from_roles',
  subjectSetPassword: 'subject.set_password',
  subjectAddScoped: 'subject.add_scoped_role',
  subjectRemoveScoped: 'subject.remove_scoped_role',
  subjectScoped: 'subject.get_scoped_roles',
  sessionRecord: 'session.get_record',
  subjectRecord: 'subject.get_record',
  auditRecords: 'pool.get_audit_records',
});

export const ROLE_F = Object.freeze({ uuid: 'uuid', name: 'name_label', description: 'name_description', internal: 'is_internal' });
export const SUBJECT_F = Object.freeze({ uuid: 'uuid', identifier: 'subject_identifier', otherConfig: 'other_config', roles: 'roles' });
export const SESSION_F = Object.freeze({ user: 'auth_user_name', superuser: 'is_local_superuser', subject: 'subject', permissions: 'rbac_permissions' });
export { SUBJECT_NAME_KEY } from '../../wire-names.js';
export const GRANT_KEYS = Object.freeze({ role: 'role', cls: 'class', where: 'where' });
export const REF_PREFIX = 'OpaqueRef:';
export const NULL_REF = 'OpaqueRef:NULL';

export const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

export function strings(v: XenValue | undefined): string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).map(str) : [];
}

/** ref → record of a get_all_records reply. */
export function recordsOf(reply: XenValue): [string, XenStruct][] {
  return isStruct(reply) ? Object.entries(reply).filter((e): e is [string, XenStruct] => isStruct(e[1])) : [];
}

/** Whether the connected server offers our extension messages (absent under --no-extensions). */
export function hasExtension(ctx: Ctx, wire: string): boolean {
  return ctx.model.findMessage(wire) !== undefined;
}

/** The ref of a public role by name (or uuid, or OpaqueRef); exit 2 with the role names otherwise. */
export async function resolveRole(ctx: Ctx, name: string): Promise<string> {
  const client = await ctx.client();
  const all = recordsOf(await client.call(M.roleAllRecords, []));
  const hit = all.find(([ref, r]) => r[ROLE_F.internal] !== true && (r[ROLE_F.name] === name || r[ROLE_F.uuid] === name || ref === name));
  if (hit === undefined) throw new UsageError(`no role '${name}'; roles: ${ROLES.join(', ')}`, [name]);
  return hit[0];
}

/** The subject a name names: its identifier, its subject-name, its uuid (or a 6+ character prefix) or its ref. */
export async function resolveSubject(ctx: Ctx, selector: string): Promise<[string, XenStruct]> {
  const client = await ctx.client();
  const all = recordsOf(await client.call(M.subjectAllRecords, []));
  const want = selector.toLowerCase();
  const exact = all.filter(([ref, r]) => ref === selector || shownNames(r).includes(selector) || str(r[SUBJECT_F.uuid]).toLowerCase() === want);
  const hits = exact.length > 0 ? exact
    : want.length >= 6 ? all.filter(([, r]) => str(r[SUBJECT_F.uuid]).toLowerCase().startsWith(want)) : [];
  if (hits.length === 1 && hits[0] !== undefined) return hits[0];
  if (hits.length > 1) {
    throw new AmbiguousError('subject', selector, hits.map(([ref, r]) => ({ ref, uuid: str(r[SUBJECT_F.uuid]), name: str(r[SUBJECT_F.identifier]) })));
  }
  throw new NotFoundError('subject', selector);
}

/** role ref → role name, for showing a subject's roles. */
export async function roleNames(client: Caller): Promise<Map<string, string>> {
  return new Map(recordsOf(await client.call(M.roleAllRecords, [])).map(([ref, r]) => [ref, str(r[ROLE_F.name])]));
}

/** The session the client logged in with (the XenClient keeps it; a caller without one has none to show). */
export async function ownSession(ctx: Ctx): Promise<string> {
  const client = await ctx.client();
  await client.call(M.roleByName, ['read-only']);
  const session = 'session' in client ? client.session : undefined;
  if (typeof session !== 'string' || session === '') throw new UsageError('this connection does not say which session it uses');
  return session;
}

/** A password file: the whole file, one trailing newline stripped; refused when group- or world-readable. */
export async function readSecretFile(ctx: Ctx, path: string, flag: string): Promise<string> {
  const full = isAbsolute(path) || ctx.io.cwd === undefined ? path : join(ctx.io.cwd, path);
  let text: string;
  try {
    const st = await stat(full);
    if ((st.mode & 0o044) !== 0) throw new UsageError(`${flag} ${path} is readable by other users; chmod 600 it first`);
    text = await readFile(full, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${flag}: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const pw = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (pw === '') throw new UsageError(`${flag} ${path} is empty`);
  return pw;
}
