// The audit log: one row per audited call (who, which method, which object, allowed or denied, when), kept in a
// private store table so it survives restarts; the oldest rows of a decision go once it passes its cap.
import type { XenStruct, XenValue } from '../../model/types.js';
import { formatIsoDate } from '../../wire/datetime.js';
import { newRef } from '../store/records.js';
import type { ObjectStore } from '../store/types.js';
import { AUDIT_KEYS, AUDIT_TABLE, DECISION } from './names.js';

/**
 * Rows kept of each decision: denied calls have their own budget, so that a low role flooding the server with
 * refused calls cannot push the record of what was done out of the log. Pruning starts a tenth above both budgets
 * together, so it runs about once per thousand calls rather than on each.
 */
export const AUDIT_CAP = 10_000;
const PRUNE_AT = 2 * AUDIT_CAP + AUDIT_CAP / 10;

export interface AuditEntry {
  readonly time: Date;
  /** The session's user name. */
  readonly user: string;
  /** The subject identifier, empty for the local superuser. */
  readonly subject: string;
  /** The synchronous wire name (`VM.start`). */
  readonly method: string;
  readonly permission: string;
  /** The object the call acts on (its first ref argument) and its class, or empty. */
  readonly object: string;
  readonly cls: string;
  readonly decision: string;
}

export function appendAudit(store: ObjectStore, e: AuditEntry): void {
  store.create(AUDIT_TABLE, newRef(), {
    [AUDIT_KEYS.time]: e.time, [AUDIT_KEYS.user]: e.user, [AUDIT_KEYS.subject]: e.subject,
    [AUDIT_KEYS.method]: e.method, [AUDIT_KEYS.permission]: e.permission, [AUDIT_KEYS.class]: e.cls, [AUDIT_KEYS.object]: e.object,
    [AUDIT_KEYS.decision]: e.decision,
  });
  if (store.count(AUDIT_TABLE) > PRUNE_AT) pruneAudit(store);
}

/** Drops the oldest rows of each decision beyond AUDIT_CAP. */
function pruneAudit(store: ObjectStore): void {
  const byDecision = new Map<string, string[]>();
  for (const [r, row] of store.all(AUDIT_TABLE)) {
    const d = row[AUDIT_KEYS.decision] === DECISION.denied ? DECISION.denied : DECISION.allowed;
    const refs = byDecision.get(d) ?? [];
    refs.push(r);
    byDecision.set(d, refs);
  }
  for (const refs of byDecision.values()) {
    for (const r of refs.slice(0, Math.max(0, refs.length - AUDIT_CAP))) store.destroy(AUDIT_TABLE, r);
  }
}

const text = (v: XenValue | undefined): string => {
  if (v instanceof Date) return formatIsoDate(v);
  return typeof v === 'string' ? v : '';
};

/** The rows at or after `since`, oldest first, each a (string -> string) map (time in ISO-8601). */
export function auditRecords(store: ObjectStore, since: Date | undefined): XenStruct[] {
  const out: XenStruct[] = [];
  for (const [, row] of store.all(AUDIT_TABLE)) {
    const t = row[AUDIT_KEYS.time];
    if (since !== undefined && t instanceof Date && t.getTime() < since.getTime()) continue;
    const rec: Record<string, string> = {};
    for (const k of Object.values(AUDIT_KEYS)) rec[k] = text(row[k]);
    out.push(rec);
  }
  return out;
}
