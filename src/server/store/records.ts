// Building full records of a class from a few typed values, and fresh refs/uuids.
import { randomUUID } from 'node:crypto';
import { zeroValue } from '../../model/values.js';
import type { Model, XenStruct, XenType, XenValue } from '../../model/types.js';

export function newUuid(): string {
  return randomUUID();
}

export function newRef(): string {
  return `OpaqueRef:${randomUUID()}`;
}

/** The zero value of a type, as xapi fills a field a record lacks. */
export function typeZero(model: Model, type: XenType): XenValue {
  return zeroValue(type, model.enums);
}

/** A copy of a default so records never share mutable containers or dates. */
export function freshCopy(value: XenValue): XenValue {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return [...(value as readonly XenValue[])];
  if (typeof value === 'object') return Object.assign(Object.create(null) as Record<string, XenValue>, value);
  return value;
}

/**
 * A full record of `cls`: every field not removed from the datamodel, taking the given value, else the field's
 * default, else its type's zero value. A missing or empty `uuid` gets a fresh one. Values for names the class
 * does not know are kept (private fields).
 */
export function makeRecord(model: Model, cls: string, values: Readonly<Record<string, XenValue>> = {}): XenStruct {
  const def = model.classes.get(cls) ?? model.findClass(cls);
  if (def === undefined) throw new Error(`makeRecord: unknown class ${cls}`);
  const out: Record<string, XenValue> = {};
  for (const field of def.fields) {
    if (field.lifecycle === 'removed') continue;
    const given = values[field.name];
    out[field.name] = given !== undefined ? given
      : field.default !== undefined ? freshCopy(field.default)
      : typeZero(model, field.type);
  }
  for (const key of Object.keys(values)) {
    const v = values[key];
    if (!(key in out) && v !== undefined && key !== '__proto__') out[key] = v;
  }
  if ('uuid' in out || def.fields.some((f) => f.name === 'uuid')) {
    if (typeof out['uuid'] !== 'string' || out['uuid'] === '') out['uuid'] = newUuid();
  }
  // A spread copy is a fast-mode object; `out`, built by keyed stores, is a dictionary past a dozen fields.
  return { ...out };
}
