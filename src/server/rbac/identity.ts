// Who a new session is: the server's owner (the local superuser, who bypasses RBAC as on xapi) or a subject, whose
// roles are frozen into the session's permissions at login (role changes apply from the next login).
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { asRole } from '../../model/roles.js';
import type { Role } from '../../model/types.js';
import type { ServerContext } from '../context.js';
import { ROOT_USER } from '../accounts.js';
import { CLASSES, COMMON_FIELDS } from '../wire-names.js';
import { grantsOf } from './grants.js';
import { SUBJECT_CLASS, SUBJECT_FIELDS } from './names.js';
import { permissionsOfRoles } from './permissions.js';

/** A session made only of scoped grants may still log in and read: it gets this role pool-wide. */
const SCOPED_BASE_ROLE: Role = 'read-only';

export interface Identity {
  readonly superuser: boolean;
  readonly sid?: string;
  readonly subject?: string;
  readonly permissions?: readonly string[];
}

/** The subject whose identifier is `id`, with its ref. */
export function findSubject(server: ServerContext, id: string): [string, XenStruct] | undefined {
  for (const entry of server.store.all(SUBJECT_CLASS)) if (entry[1][SUBJECT_FIELDS.identifier] === id) return entry;
  return undefined;
}

/** Whether `user` is the server's owner: root, or the user the server runs as. */
export function isOwner(server: ServerContext, user: string): boolean {
  return user === ROOT_USER || user === server.settings.ownerName;
}

/** The public role names of a subject record (roles the store no longer has, or internal ones, are skipped). */
export function subjectRoles(server: ServerContext, subject: XenStruct): Role[] {
  const refs = subject[SUBJECT_FIELDS.roles];
  const out: Role[] = [];
  if (!Array.isArray(refs)) return out;
  for (const ref of refs as readonly XenValue[]) {
    const label = typeof ref === 'string' ? server.store.get(CLASSES.role, ref)?.[COMMON_FIELDS.nameLabel] : undefined;
    const role = typeof label === 'string' ? asRole(label) : undefined;
    if (role !== undefined && !out.includes(role)) out.push(role);
  }
  return out;
}

/** What login answers a user who is neither the owner nor a subject (also the forwarder of a user with no socket). */
export function notASubject(user: string): XenApiError {
  return new XenApiError(ERR.SESSION_AUTHORIZATION_FAILED, [user, `${user} is not a subject of this pool`]);
}

/**
 * The identity of a user who proved who they are (password, or a delegated channel). `superuser` is what the login
 * path claims; only the owner keeps it. Anyone else needs a subject with a role or a scoped grant, else
 * SESSION_AUTHORIZATION_FAILED [user, why].
 */
export function identityOf(server: ServerContext, user: string, superuser: boolean): Identity {
  if (superuser && isOwner(server, user)) return { superuser: true };
  const found = findSubject(server, user);
  if (found === undefined) throw notASubject(user);
  const [ref, record] = found;
  const roles: Role[] = subjectRoles(server, record);
  if (roles.length === 0 && grantsOf(server.store, ref).length > 0) roles.push(SCOPED_BASE_ROLE);
  if (roles.length === 0) {
    throw new XenApiError(ERR.SESSION_AUTHORIZATION_FAILED, [user, `subject ${user} has no role`]);
  }
  return { superuser: false, sid: user, subject: ref, permissions: permissionsOfRoles(server.model, roles) };
}
