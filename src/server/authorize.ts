// The RBAC hook, called after the session check and before the operation. Issue 12 (RBAC) fills it in; until then
// every session may call everything, as the local superuser may on xapi.
import type { MessageDef, XenValue } from '../model/types.js';
import type { SessionInfo } from './context.js';

/**
 * Throws XenApiError RBAC_PERMISSION_DENIED when the session may not make this call. `session` is undefined for
 * sessionless messages (the login family), which every caller may make. `args` are typed, session excluded.
 */
export function authorize(session: SessionInfo | undefined, msg: MessageDef, args: readonly XenValue[]): void {
  void session;
  void msg;
  void args;
}
