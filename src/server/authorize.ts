// The RBAC check, called after the session check and before the operation (REFERENCE.md §5). The local superuser
// bypasses it; other sessions need the call's permission among the rbac_permissions frozen at login, or a scoped
// grant (our extension) whose selector matches the object the call acts on. Audited calls are logged either way.
import type { MessageDef, XenStruct, XenValue } from '../model/types.js';
import { NULL_REF } from '../model/values.js';
import { isAllowed } from '../model/roles.js';
import type { ServerContext, SessionInfo } from './context.js';
import { SESSION_FIELDS } from './wire-names.js';
import { appendAudit } from './rbac/audit.js';
import { grantCovers, grantsOf } from './rbac/grants.js';
import { DECISION, SELF_CHECKED } from './rbac/names.js';
import { isAudited, permissionDenied, permissionOf } from './rbac/permissions.js';

const F = SESSION_FIELDS;

/** The object a call acts on: its first Ref argument, with that argument's class. */
export function callObject(msg: MessageDef, args: readonly XenValue[]): { cls: string; ref: string } | undefined {
  for (let i = 0; i < msg.params.length; i++) {
    const type = msg.params[i]?.type;
    const v = args[i];
    if (type?.kind === 'ref' && typeof v === 'string' && v !== NULL_REF) return { cls: type.cls, ref: v };
  }
  return undefined;
}

function scopedAllows(server: ServerContext, record: XenStruct, msg: MessageDef, args: readonly XenValue[]): boolean {
  const subject = record[F.subject];
  if (typeof subject !== 'string' || subject === NULL_REF) return false;
  const target = callObject(msg, args);
  if (target === undefined) return false;
  const grants = grantsOf(server.store, subject).filter((g) => g.cls === target.cls && isAllowed(msg, g.role));
  if (grants.length === 0) return false;
  const object = server.store.get(target.cls, target.ref);
  return object !== undefined && grants.some((g) => grantCovers(server.model, g, target.cls, object));
}

/** Whether the session may make this call. */
export function decide(server: ServerContext, session: SessionInfo, msg: MessageDef, args: readonly XenValue[]): boolean {
  const record = session.record;
  if (record[F.isLocalSuperuser] === true) return true;
  if (msg.roles.length === 0 && SELF_CHECKED.includes(`${msg.cls}.${msg.name}`)) return true;
  const perms = record[F.rbacPermissions];
  if (Array.isArray(perms) && perms.includes(permissionOf(msg))) return true;
  return scopedAllows(server, record, msg, args);
}

/**
 * Throws XenApiError RBAC_PERMISSION_DENIED when the session may not make this call. `session` is undefined for
 * sessionless messages (the login family), which every caller may make. `args` are typed, session excluded.
 */
export function authorize(server: ServerContext, session: SessionInfo | undefined, msg: MessageDef, args: readonly XenValue[]): void {
  if (session === undefined) return;
  const allowed = decide(server, session, msg, args);
  if (isAudited(msg)) {
    const target = callObject(msg, args);
    const user = session.record[F.authUserName];
    const sid = session.record[F.authUserSid];
    appendAudit(server.store, {
      time: server.clock.now(),
      user: typeof user === 'string' ? user : '',
      subject: typeof sid === 'string' ? sid : '',
      method: `${msg.cls}.${msg.name}`,
      permission: permissionOf(msg),
      object: target?.ref ?? '',
      cls: target?.cls ?? '',
      decision: allowed ? DECISION.allowed : DECISION.denied,
    });
  }
  if (!allowed) throw permissionDenied(msg);
}
