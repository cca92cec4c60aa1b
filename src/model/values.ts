// Zero values and the decoding of the generated data's JSON defaults into typed XenValues.
import type { EnumDef, XenStruct, XenType, XenValue } from './types.js';

export const NULL_REF = 'OpaqueRef:NULL';

/** A struct (a record or a map), as opposed to a scalar, a date or a list (null, which decoders may meet, is none). */
export function isStruct(v: XenValue | undefined): v is XenStruct {
  return typeof v === 'object' && (v as unknown) !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The epoch, xapi's "never" for datetime fields. A fresh Date each call: Dates are mutable. */
export function epoch(): Date {
  return new Date(0);
}

export function emptyStruct(): XenStruct {
  return Object.create(null) as XenStruct;
}

/**
 * The value a field or parameter of this type takes when nothing is given: "" / 0 / false / the epoch / NULL_REF /
 * empty set or map. An enum's zero is its first value when `enums` is given (else "").
 */
export function zeroValue(type: XenType, enums?: ReadonlyMap<string, EnumDef>): XenValue {
  switch (type.kind) {
    case 'string':
    case 'void':
      return '';
    case 'int':
      return 0n;
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'datetime':
      return epoch();
    case 'enum':
      return enums?.get(type.name)?.values[0] ?? '';
    case 'ref':
      return NULL_REF;
    case 'set':
      return [];
    case 'map':
    case 'record':
      return emptyStruct();
    case 'option':
      return zeroValue(type.of, enums);
  }
}

/** JSON form of a default in the generated data (ints as decimal strings, datetimes as xapi strings). */
export type JsonDefault = string | number | boolean | readonly JsonDefault[] | { readonly [k: string]: JsonDefault };

/** Turns a generated JSON default into the typed value for `type`. Throws on a shape that does not fit. */
export function decodeDefault(type: XenType, v: JsonDefault): XenValue {
  switch (type.kind) {
    case 'int':
      if (typeof v === 'string' || typeof v === 'number') return BigInt(v);
      break;
    case 'float':
      if (typeof v === 'number') return v;
      break;
    case 'bool':
      if (typeof v === 'boolean') return v;
      break;
    case 'datetime':
      if (typeof v === 'string') return parseCompactDate(v);
      break;
    case 'string':
    case 'enum':
    case 'ref':
      if (typeof v === 'string') return v;
      break;
    case 'option':
      return decodeDefault(type.of, v);
    case 'set':
      if (Array.isArray(v)) return (v as readonly JsonDefault[]).map((e) => decodeDefault(type.of, e));
      break;
    case 'map':
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const out: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
        for (const [k, e] of Object.entries(v as { readonly [k: string]: JsonDefault })) {
          out[k] = decodeDefault(type.value, e);
        }
        return out;
      }
      break;
    default:
      break;
  }
  throw new Error(`default ${JSON.stringify(v)} does not fit type ${type.kind}`);
}

/** `19700101T00:00:00Z` to a Date. */
export function parseCompactDate(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(s);
  if (m === null) throw new Error(`bad datetime default ${JSON.stringify(s)}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}
