// subject's custom messages: create/destroy with xapi's checks, role membership, permissions, and our extensions
// (a server account for the subject's identifier, scoped grants).
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { asRole } from '../../model/roles.js';
import type { CallContext, Handler, ServerContext } from '../context.js';
import { requireRecord, serveImplicit } from '../implicit.js';
import { destroySession, sessionsOfSubject } from '../sessions.js';
import { CLASSES, COMMON_FIELDS, ROLE_FIELDS } from '../wire-names.js';
import { addGrant, grantsOf, grantToWire, removeGrants } from '../rbac/grants.js';
import { findSubject, isOwner, subjectRoles } from '../rbac/identity.js';
import { RBAC_EXTENSION_MESSAGES as EXT, SUBJECT_CLASS, SUBJECT_FIELDS as F, SUBJECT_NAME_KEY } from '../rbac/names.js';
import { permissionsOfRoles } from '../rbac/permissions.js';

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');
const isStruct = (v: XenValue | undefined): v is XenStruct =>
  typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function refsOf(rec: XenStruct): string[] {
  const v = rec[F.roles];
  return Array.isArray(v) ? (v as readonly XenValue[]).map(str) : [];
}

/** A public role's name; ROLE_NOT_FOUND for a missing role or a permission (internal role). */
function publicRole(server: ServerContext, ref: string): string {
  const rec = server.store.get(CLASSES.role, ref);
  const name = rec === undefined || rec[ROLE_FIELDS.isInternal] === true ? undefined : asRole(str(rec[COMMON_FIELDS.nameLabel]));
  if (name === undefined) throw new XenApiError(ERR.ROLE_NOT_FOUND, []);
  return name;
}

function create(call: CallContext, args: readonly XenValue[]): XenValue {
  const given = args[0];
  const id = isStruct(given) ? str(given[F.identifier]) : '';
  if (id === '' || isOwner(call.server, id)) throw new XenApiError(ERR.SUBJECT_CANNOT_BE_RESOLVED, []);
  if (findSubject(call.server, id) !== undefined) throw new XenApiError(ERR.SUBJECT_ALREADY_EXISTS, []);
  const ref = str(serveImplicit(call, args));
  const other = call.server.store.get(SUBJECT_CLASS, ref)?.[F.otherConfig];
  if (isStruct(other) && other[SUBJECT_NAME_KEY] === undefined) {
    call.server.store.update(SUBJECT_CLASS, ref, { [F.otherConfig]: { ...other, [SUBJECT_NAME_KEY]: id } });
  }
  return ref;
}

/** As xapi: the subject's sessions end with it. Its grants and server account go too. */
function destroy(call: CallContext, args: readonly XenValue[]): XenValue {
  const ref = str(args[0]);
  const id = str(requireRecord(call.server, SUBJECT_CLASS, ref)[F.identifier]);
  for (const s of sessionsOfSubject(call.server, id)) destroySession(call.server, s);
  removeGrants(call.server.store, ref);
  if (!isOwner(call.server, id)) call.server.accounts.remove(id);
  return serveImplicit(call, args);
}

function addToRoles(call: CallContext, args: readonly XenValue[]): XenValue {
  const ref = str(args[0]);
  const role = str(args[1]);
  const rec = requireRecord(call.server, SUBJECT_CLASS, ref);
  publicRole(call.server, role);
  const roles = refsOf(rec);
  if (roles.includes(role)) throw new XenApiError(ERR.ROLE_ALREADY_EXISTS, []);
  call.server.store.update(SUBJECT_CLASS, ref, { [F.roles]: [...roles, role] });
  return '';
}

function removeFromRoles(call: CallContext, args: readonly XenValue[]): XenValue {
  const ref = str(args[0]);
  const role = str(args[1]);
  const roles = refsOf(requireRecord(call.server, SUBJECT_CLASS, ref));
  if (!roles.includes(role)) throw new XenApiError(ERR.ROLE_NOT_FOUND, []);
  call.server.store.update(SUBJECT_CLASS, ref, { [F.roles]: roles.filter((r) => r !== role) });
  return '';
}

async function setPassword(call: CallContext, args: readonly XenValue[]): Promise<XenValue> {
  const id = str(requireRecord(call.server, SUBJECT_CLASS, str(args[0]))[F.identifier]);
  if (isOwner(call.server, id)) throw new XenApiError(ERR.SUBJECT_CANNOT_BE_RESOLVED, []);
  await call.server.accounts.setPassword(id, str(args[1]));
  return '';
}

function addScopedRole(call: CallContext, args: readonly XenValue[]): XenValue {
  const subject = str(args[0]);
  requireRecord(call.server, SUBJECT_CLASS, subject);
  const role = publicRole(call.server, str(args[1]));
  const where = Array.isArray(args[3]) ? (args[3] as readonly XenValue[]).map(str) : [];
  addGrant(call.server.store, call.server.model, { subject, role, cls: str(args[2]), where });
  return '';
}

function removeScopedRole(call: CallContext, args: readonly XenValue[]): XenValue {
  const subject = str(args[0]);
  requireRecord(call.server, SUBJECT_CLASS, subject);
  const role = publicRole(call.server, str(args[1]));
  if (removeGrants(call.server.store, subject, role) === 0) throw new XenApiError(ERR.ROLE_NOT_FOUND, []);
  return '';
}

export function subjectHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['subject.create', create],
    ['subject.destroy', destroy],
    ['subject.add_to_roles', addToRoles],
    ['subject.remove_from_roles', removeFromRoles],
    ['subject.get_permissions_name_label', (call, args) => {
      const rec = requireRecord(call.server, SUBJECT_CLASS, str(args[0]));
      return permissionsOfRoles(call.server.model, subjectRoles(call.server, rec));
    }],
    [EXT.setPassword, setPassword],
    [EXT.addScopedRole, addScopedRole],
    [EXT.removeScopedRole, removeScopedRole],
    [EXT.getScopedRoles, (call, args) => {
      const subject = str(args[0]);
      requireRecord(call.server, SUBJECT_CLASS, subject);
      return grantsOf(call.server.store, subject).map(grantToWire);
    }],
  ]);
}
