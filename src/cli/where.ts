// --where filters: field=value, field!=value, map-field:key=value, set-field=member; several are ANDed.
import type { ClassDef, FieldDef, Model, XenStruct, XenType, XenValue } from '../model/types.js';
import { UsageError } from './errors.js';
import { fieldCliName, findFieldLoose } from './generic/names.js';
import { didYouMean } from './suggest.js';
import { NULL_REF, REF_PREFIX } from './wire-names.js';
import { enumValue, parseDate, parseValue, type RefResolver } from './values.js';

export interface Condition {
  readonly field: FieldDef;
  readonly key?: string;
  readonly negate: boolean;
  readonly text: string;
}

export type Predicate = (record: XenStruct) => boolean;

/** Parses one expression against the class's fields. */
export function parseWhere(cls: ClassDef, expr: string): Condition {
  const eq = expr.indexOf('=');
  if (eq <= 0) throw new UsageError(`--where takes field=value, field!=value or map-field:key=value, not '${expr}'`);
  const negate = expr[eq - 1] === '!';
  const lhs = expr.slice(0, negate ? eq - 1 : eq);
  const text = expr.slice(eq + 1);
  const colon = lhs.indexOf(':');
  const name = colon < 0 ? lhs : lhs.slice(0, colon);
  const field = findFieldLoose(cls, name);
  if (field === undefined) {
    throw new UsageError(`${cls.name} has no field '${name}'${didYouMean(name, cls.fields.map((f) => fieldCliName(f.name)))}`);
  }
  const isMap = field.type.kind === 'map' || (field.type.kind === 'option' && field.type.of.kind === 'map');
  if (colon >= 0) {
    if (!isMap) throw new UsageError(`'${fieldCliName(field.name)}' is not a map: ${name}:KEY does not apply`);
    if (colon === lhs.length - 1) throw new UsageError(`--where ${name}: give the key, ${name}:KEY=VALUE`);
    return { field, key: lhs.slice(colon + 1), negate, text };
  }
  // A whole map never equals a word: the condition could only match nothing.
  if (isMap) throw new UsageError(`'${fieldCliName(field.name)}' is a map: compare one key, ${name}:KEY=VALUE`);
  return { field, negate, text };
}

function same(type: XenType, actual: XenValue | undefined, wanted: XenValue): boolean {
  if (actual === undefined) return false;
  if (type.kind === 'enum' && typeof actual === 'string' && typeof wanted === 'string') return actual.toLowerCase() === wanted.toLowerCase();
  if (actual instanceof Date && wanted instanceof Date) return actual.getTime() === wanted.getTime();
  if (typeof actual === 'number' && typeof wanted === 'number') return actual === wanted;
  if (typeof actual === 'bigint' && typeof wanted === 'bigint') return actual === wanted;
  return actual === wanted;
}

/** The value a condition compares with, typed by the field (or its set's members). */
async function wantedValue(model: Model, c: Condition, refs: RefResolver, label: string): Promise<{ type: XenType; value: XenValue }> {
  const what = `${label}${fieldCliName(c.field.name)}`;
  let type = c.field.type;
  if (type.kind === 'option') type = type.of;
  if (type.kind === 'map') return { type: type.value, value: c.text };
  if (type.kind === 'set') type = type.of;
  if (type.kind === 'enum') return { type, value: enumValue(model, type.name, c.text, what) };
  if (type.kind === 'datetime') return { type, value: parseDate(c.text, what) };
  // An empty ref is the null ref: the table shows OpaqueRef:NULL as an empty cell (`--where resident-on=`).
  if (type.kind === 'ref' && c.text === '') return { type, value: NULL_REF };
  if (type.kind === 'ref' && c.text.startsWith(REF_PREFIX)) return { type, value: c.text };
  if (type.kind === 'map' || type.kind === 'set' || type.kind === 'record') return { type, value: c.text };
  return { type, value: await parseValue(model, type, c.text, what, refs) };
}

export async function compileCondition(model: Model, c: Condition, refs: RefResolver, label = '--where '): Promise<Predicate> {
  const { type, value } = await wantedValue(model, c, refs, label);
  const name = c.field.name;
  const kind = c.field.type.kind === 'option' ? 'option' : c.field.type.kind;
  let test: Predicate;
  if (kind === 'map' && c.key !== undefined) {
    const key = c.key;
    test = (r) => {
      const m = r[name];
      const v = typeof m === 'object' && !(m instanceof Date) && !Array.isArray(m) ? (m as XenStruct)[key] : undefined;
      return v !== undefined && String(v) === c.text;
    };
  } else if (kind === 'set') {
    test = (r) => {
      const s = r[name];
      return Array.isArray(s) && (s as readonly XenValue[]).some((x) => same(type, x, value));
    };
  } else {
    test = (r) => same(type, r[name], value);
  }
  return c.negate ? (r) => !test(r) : test;
}

/** Every expression compiled into one predicate (AND). */
/** `label` names the conditions in errors: `--where ` for the option, '' for a wait's FIELD=VALUE conditions. */
export async function compileWhere(model: Model, cls: ClassDef, exprs: readonly string[], refs: RefResolver, label = '--where '): Promise<{ conditions: Condition[]; match: Predicate }> {
  const conditions = exprs.map((e) => parseWhere(cls, e));
  const preds: Predicate[] = [];
  for (const c of conditions) preds.push(await compileCondition(model, c, refs, label));
  return { conditions, match: (r) => preds.every((p) => p(r)) };
}
