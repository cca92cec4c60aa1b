// The object selector of a scoped grant: the CLI's --where language (field=value, field!=value,
// map-field:key=value, set-field=member; several ANDed), matched here against stored records.
import type { ClassDef, FieldDef, XenStruct, XenType, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';

/** The parameter name INVALID_VALUE names for a bad selector. */
const WHERE_PARAM = 'where';

export interface ScopeCondition {
  readonly field: FieldDef;
  readonly key?: string;
  readonly negate: boolean;
  readonly text: string;
}

function findField(cls: ClassDef, name: string): FieldDef | undefined {
  const wanted = name.replaceAll('-', '_').toLowerCase();
  return cls.fields.find((f) => f.name.toLowerCase() === wanted && f.lifecycle !== 'removed');
}

/** Parses one condition against the class's fields; INVALID_VALUE [where, expr] when it names no field. */
export function parseScope(cls: ClassDef, expr: string): ScopeCondition {
  const bad = (): XenApiError => new XenApiError(ERR.INVALID_VALUE, [WHERE_PARAM, expr]);
  const eq = expr.indexOf('=');
  if (eq <= 0) throw bad();
  const negate = expr[eq - 1] === '!';
  const lhs = expr.slice(0, negate ? eq - 1 : eq);
  const colon = lhs.indexOf(':');
  const field = findField(cls, colon < 0 ? lhs : lhs.slice(0, colon));
  if (field === undefined) throw bad();
  const text = expr.slice(eq + 1);
  if (colon < 0) return { field, negate, text };
  if (field.type.kind !== 'map') throw bad();
  return { field, key: lhs.slice(colon + 1), negate, text };
}

/** Whether one stored scalar equals the condition's text. */
function scalarEquals(type: XenType, v: XenValue | undefined, text: string): boolean {
  if (v === undefined) return false;
  if (typeof v === 'string') return type.kind === 'enum' ? v.toLowerCase() === text.toLowerCase() : v === text;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v) === text;
  if (typeof v === 'boolean') return String(v) === text.toLowerCase();
  if (v instanceof Date) return v.toISOString().replace(/\.\d{3}Z$/, 'Z') === text || v.toISOString() === text;
  return false;
}

function conditionHolds(c: ScopeCondition, record: XenStruct): boolean {
  let type = c.field.type;
  if (type.kind === 'option') type = type.of;
  const value = record[c.field.name];
  if (type.kind === 'map') {
    if (c.key === undefined || value === undefined || Array.isArray(value) || typeof value !== 'object' || value instanceof Date) return false;
    return scalarEquals(type.value, (value as XenStruct)[c.key], c.text);
  }
  if (type.kind === 'set') {
    const of = type.of;
    return Array.isArray(value) && (value as readonly XenValue[]).some((m) => scalarEquals(of, m, c.text));
  }
  return scalarEquals(type, value, c.text);
}

/** Whether the record satisfies every condition (an empty list matches everything). */
export function matchesScope(conditions: readonly ScopeCondition[], record: XenStruct): boolean {
  return conditions.every((c) => conditionHolds(c, record) !== c.negate);
}
