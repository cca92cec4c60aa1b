// The converter for one class's records: each field through its type's converter, in the class's field order.
// Output records are clones of a per-class template object, so 10,000 of them share one V8 hidden class
// (objects built key by key from 80+ names fall back to slow dictionary mode).
import type { ClassDef, EnumDef, FieldDef, XenType, XenValue } from '../model/types.js';
import { zeroValue, isStruct } from '../model/values.js';

import { Mismatch, type Converter } from './typed-scalars.js';

export type Compiler = (t: XenType) => Converter;

type Enums = ReadonlyMap<string, EnumDef>;

export function compileRecord(def: ClassDef, compile: Compiler, enums?: Enums): Converter {
  const names = def.fields.map((f) => f.name);
  const convs = def.fields.map((f) => compile(f.type));
  // Strings and refs are already what they should be: skip the converter call for them.
  const plainString = def.fields.map((f) => f.type.kind === 'string' || f.type.kind === 'ref');
  const optional = def.fields.map((f) => f.type.kind === 'option');
  const hasOptional = optional.includes(true);
  const draft: Record<string, XenValue> = {};
  for (const name of names) draft[name] = '';
  const template = { ...draft };
  const n = names.length;
  return (raw) => {
    if (!isStruct(raw)) throw new Mismatch('', raw, `${def.name} record`);
    const out: Record<string, XenValue> = hasOptional ? {} : { ...template };
    for (let i = 0; i < n; i++) {
      const name = names[i] as string;
      const x = raw[name];
      if (typeof x === 'string' && plainString[i] === true) {
        out[name] = x;
      } else if (x === undefined) {
        if (optional[i] !== true) out[name] = missing(def.fields[i] as FieldDef, enums);
      } else {
        try {
          out[name] = (convs[i] as Converter)(x);
        } catch (e) {
          throw Mismatch.within(e, `.${name}`);
        }
      }
    }
    return out;
  };
}

/** A field the record lacks: its default, else its type's zero (an enum's first value, as the server's own records
 * have it: an empty string would not read back as the enum). */
function missing(f: FieldDef, enums: Enums | undefined): XenValue {
  return f.default ?? zeroValue(f.type, enums);
}
