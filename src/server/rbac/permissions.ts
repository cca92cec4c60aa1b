// Permissions as xapi names them (the lower-cased wire name) and the decision a role list gives.
import type { MessageDef, Model } from '../../model/types.js';
import { ROLES } from '../../model/types.js';
import type { Role } from '../../model/types.js';
import { isAllowed } from '../../model/roles.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { permissionName } from '../roles-seed.js';

const READ_ONLY: Role = 'read-only';

/** `vm.start` for VM.start (and for Async.VM.start). */
export function permissionOf(msg: MessageDef): string {
  return permissionName(msg.cls, msg.name);
}

/** The public roles holding the message's permission, most privileged first (role.get_by_permission's order). */
export function rolesWithPermission(msg: MessageDef): Role[] {
  return ROLES.filter((r) => isAllowed(msg, r));
}

/** RBAC_PERMISSION_DENIED [permission, text], worded as xapi words it. */
export function permissionDenied(msg: MessageDef): XenApiError {
  const text = `No permission in user session. (Roles with this permission: ${rolesWithPermission(msg).join(', ')})`;
  return new XenApiError(ERR.RBAC_PERMISSION_DENIED, [permissionOf(msg), text]);
}

/** Every permission the roles give, in model order: what a session's rbac_permissions holds. */
export function permissionsOfRoles(model: Model, roles: readonly string[]): string[] {
  const out: string[] = [];
  if (roles.length === 0) return out;
  for (const c of model.classes.values()) {
    for (const m of c.messages) {
      if (m.lifecycle !== 'removed' && roles.some((r) => isAllowed(m, r))) out.push(permissionOf(m));
    }
  }
  return out;
}

/** Reads are named get_* (get_record, get_all_records_where, get_audit_records, ...). */
const READ_PREFIX = 'get_';

/**
 * Calls the audit log records: the mutating ones, i.e. those the read-only role may not make, reads left out.
 * Denials of them are recorded as well as grants.
 */
export function isAudited(msg: MessageDef): boolean {
  return !msg.sessionless && !isAllowed(msg, READ_ONLY) && !msg.name.startsWith(READ_PREFIX);
}
