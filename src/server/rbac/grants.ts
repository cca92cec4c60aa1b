// Scoped grants (our extension; xapi cannot limit a role to some objects): a role a subject holds only on the
// objects of one class that match a selector. Kept in a private table, one row per grant.
import type { Model, XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { newRef } from '../store/records.js';
import type { ObjectStore } from '../store/types.js';
import { GRANT_KEYS, GRANT_TABLE } from './names.js';
import { matchesScope, parseScope } from './scope.js';
import type { ScopeCondition } from './scope.js';

export interface Grant {
  readonly ref: string;
  /** The subject's ref. */
  readonly subject: string;
  /** A public role name. */
  readonly role: string;
  /** The class wire name the selector applies to (`VM`). */
  readonly cls: string;
  readonly where: readonly string[];
}

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

function toGrant(ref: string, row: XenStruct): Grant {
  const where = row['where'];
  return {
    ref,
    subject: str(row['subject']),
    role: str(row['role']),
    cls: str(row['cls']),
    where: Array.isArray(where) ? (where as readonly XenValue[]).map((w) => str(w)) : [],
  };
}

export function grantsOf(store: ObjectStore, subject: string): Grant[] {
  const out: Grant[] = [];
  for (const [ref, row] of store.all(GRANT_TABLE)) if (row['subject'] === subject) out.push(toGrant(ref, row));
  return out;
}

/** Adds a grant after checking its selector parses; an identical grant is not added twice. */
export function addGrant(store: ObjectStore, model: Model, g: Omit<Grant, 'ref'>): void {
  const def = model.findClass(g.cls);
  if (def === undefined) throw new XenApiError(ERR.INVALID_VALUE, [GRANT_KEYS.cls, g.cls]);
  for (const w of g.where) parseScope(def, w);
  const same = grantsOf(store, g.subject).some((x) => x.role === g.role && x.cls === def.name
    && x.where.length === g.where.length && x.where.every((w, i) => w === g.where[i]));
  if (same) return;
  store.create(GRANT_TABLE, newRef(), { subject: g.subject, role: g.role, cls: def.name, where: [...g.where] });
}

/** Removes the subject's grants of a role (every role when `role` is undefined). Returns how many went. */
export function removeGrants(store: ObjectStore, subject: string, role?: string): number {
  const gone = grantsOf(store, subject).filter((g) => role === undefined || g.role === role);
  for (const g of gone) store.destroy(GRANT_TABLE, g.ref);
  return gone.length;
}

/** The grant's conditions, parsed; undefined when the model no longer knows a field they name. */
export function grantConditions(model: Model, g: Grant): ScopeCondition[] | undefined {
  const def = model.findClass(g.cls);
  if (def === undefined) return undefined;
  try {
    return g.where.map((w) => parseScope(def, w));
  } catch {
    return undefined;
  }
}

/** Whether the grant covers this object of class `cls`. */
export function grantCovers(model: Model, g: Grant, cls: string, record: XenStruct): boolean {
  if (g.cls !== cls) return false;
  const conditions = grantConditions(model, g);
  return conditions !== undefined && matchesScope(conditions, record);
}

/** The wire form of a grant (subject.get_scoped_roles): role, class, and the conditions one a line. */
export function grantToWire(g: Grant): XenStruct {
  return { [GRANT_KEYS.role]: g.role, [GRANT_KEYS.cls]: g.cls, [GRANT_KEYS.where]: g.where.join('\n') };
}
