// The converter for one class's records: each field through its type's converter, in the class's field order.
// Output records are clones of a per-class template object, so 10,000 of them share one V8 hidden class
// (objects built key by key from 80+ names fall back to slow dictionary mode).
import type { ClassDef, XenType, XenValue } from '../model/types.js';
import { isStruct } from './struct.js';
import { Mismatch, type Converter } from './typed-scalars.js';

export type Compiler = (t: XenType) => Converter;

interface FieldPlan {
  readonly name: string;
  readonly conv: Converter;
  readonly optional: boolean;
  readonly fallback: XenType;
  readonly defaultValue: XenValue | undefined;
}

/** The value of a field the record lacks: the field's default, else its type's zero. */
function zeroOf(t: XenType): XenValue {
  switch (t.kind) {
    case 'int':
      return 0n;
    case 'float':
      return 0;
    case 'bool':
      return false;
    case 'datetime':
      return new Date(0);
    case 'ref':
      return 'OpaqueRef:NULL';
    case 'set':
      return [];
    case 'map':
    case 'record':
      return {};
    case 'option':
      return zeroOf(t.of);
    default:
      return '';
  }
}

export function compileRecord(def: ClassDef, compile: Compiler): Converter {
  const plan: FieldPlan[] = def.fields.map((f) => ({
    name: f.name,
    conv: compile(f.type),
    optional: f.type.kind === 'option',
    fallback: f.type,
    defaultValue: f.default,
  }));
  const hasOptional = plan.some((f) => f.optional);
  const draft: Record<string, XenValue> = {};
  for (const f of plan) draft[f.name] = '';
  const template = { ...draft };
  return (raw) => {
    if (!isStruct(raw)) throw new Mismatch('', raw, `${def.name} record`);
    const out: Record<string, XenValue> = hasOptional ? {} : { ...template };
    for (let i = 0; i < plan.length; i++) {
      const f = plan[i] as FieldPlan;
      const x = raw[f.name];
      if (x === undefined) {
        if (!f.optional) out[f.name] = f.defaultValue ?? zeroOf(f.fallback);
        continue;
      }
      try {
        out[f.name] = f.conv(x);
      } catch (e) {
        throw Mismatch.within(e, `.${f.name}`);
      }
    }
    return out;
  };
}
