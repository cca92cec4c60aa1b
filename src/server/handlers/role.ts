// role's custom messages: the permissions of a role, and the roles holding a permission (REFERENCE.md §5).
import type { XenStruct, XenValue } from '../../model/types.js';
import type { Handler, ServerContext } from '../context.js';
import { requireRecord } from '../implicit.js';
import { CLASSES, COMMON_FIELDS, ROLE_FIELDS } from '../wire-names.js';

const ROLE = CLASSES.role;
const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

function subroles(rec: XenStruct): string[] {
  const v = rec[ROLE_FIELDS.subroles];
  return Array.isArray(v) ? (v as readonly XenValue[]).map(str) : [];
}

/** The permission refs of a role; for a permission (an internal role) itself, none. */
export function permissionsOf(server: ServerContext, ref: string): string[] {
  return subroles(requireRecord(server, ROLE, ref));
}

function labelsOf(server: ServerContext, refs: readonly string[]): string[] {
  return refs.map((r) => str(server.store.get(ROLE, r)?.[COMMON_FIELDS.nameLabel])).filter((l) => l !== '');
}

function rolesHolding(server: ServerContext, hit: (permission: string) => boolean): string[] {
  const out: string[] = [];
  for (const [ref, rec] of server.store.all(ROLE)) if (subroles(rec).some(hit)) out.push(ref);
  return out;
}

export function roleHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['role.get_permissions', (call, args) => permissionsOf(call.server, str(args[0]))],
    ['role.get_permissions_name_label', (call, args) => labelsOf(call.server, permissionsOf(call.server, str(args[0])))],
    ['role.get_by_permission', (call, args) => {
      const permission = str(args[0]);
      requireRecord(call.server, ROLE, permission);
      return rolesHolding(call.server, (p) => p === permission);
    }],
    ['role.get_by_permission_name_label', (call, args) => {
      const label = str(args[0]);
      return rolesHolding(call.server, (p) => call.server.store.get(ROLE, p)?.[COMMON_FIELDS.nameLabel] === label);
    }],
  ]);
}
