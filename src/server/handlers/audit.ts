// The audit log's extension message (pool.get_audit_records): what `xenctl audit list` reads.
import type { Handler } from '../context.js';
import { auditRecords } from '../rbac/audit.js';
import { RBAC_EXTENSION_MESSAGES } from '../rbac/names.js';

export function auditHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    [RBAC_EXTENSION_MESSAGES.getAuditRecords, (call, args) => {
      const since = args[0];
      return auditRecords(call.server.store, since instanceof Date && since.getTime() > 0 ? since : undefined);
    }],
  ]);
}
