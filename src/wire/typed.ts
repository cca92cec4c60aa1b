// Raw decoded values -> typed XenValues. Converters are compiled once per (model, type) and cached in a WeakMap
// keyed by the model, because a 10,000-VM reply runs the record converter 10,000 times.
import type { ClassDef, Model, XenStruct, XenType, XenValue } from '../model/types.js';
import { formatType } from '../model/parse-type.js';
import { WireTypeError } from './errors.js';
import { compileRecord, type Compiler } from './typed-record.js';
import { Mismatch, type Converter, scalarConverter, setMemberOf } from './typed-scalars.js';
import { isStruct } from '../model/values.js';

interface ModelCache {
  readonly byType: Map<string, Converter>;
  readonly records: Map<string, Converter>;
  readonly enums: Map<string, ReadonlyMap<string, string>>;
}

const caches = new WeakMap<Model, ModelCache>();
/** Converters that keep an enum value the model does not know (a newer server's) instead of refusing it. */
const lenientCaches = new WeakMap<Model, ModelCache>();

function cacheOf(model: Model, lenient: boolean): ModelCache {
  const all = lenient ? lenientCaches : caches;
  let c = all.get(model);
  if (c === undefined) {
    c = { byType: new Map(), records: new Map(), enums: new Map() };
    all.set(model, c);
  }
  return c;
}

function enumTable(model: Model, cache: ModelCache, name: string): ReadonlyMap<string, string> {
  let table = cache.enums.get(name);
  if (table === undefined) {
    const def = model.enums.get(name);
    const m = new Map<string, string>();
    for (const v of def?.values ?? []) m.set(v.toLowerCase(), v);
    table = m;
    cache.enums.set(name, table);
  }
  return table;
}

function setOf(item: Converter, expected: string): Converter {
  return (raw) => {
    if (!Array.isArray(raw)) throw new Mismatch('', raw, expected);
    const items = raw as readonly XenValue[];
    let out: XenValue[] | null = null;
    for (let i = 0; i < items.length; i++) {
      const x = items[i] as XenValue;
      let y: XenValue;
      try {
        y = item(x);
      } catch (e) {
        throw Mismatch.within(e, `[${i}]`);
      }
      // Copy only once something changes: sets of refs and strings come back as they are.
      if (y !== x && out === null) out = items.slice(0, i);
      if (out !== null) out.push(y);
    }
    return out ?? items;
  };
}

function mapOf(key: Converter, value: Converter, expected: string): Converter {
  return (raw) => {
    if (!isStruct(raw)) throw new Mismatch('', raw, expected);
    let out: Record<string, XenValue> | null = null;
    const keys = Object.keys(raw);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const x = raw[k] as XenValue;
      let typedKey: string;
      let y: XenValue;
      try {
        typedKey = String(key(k));
        y = value(x);
      } catch (e) {
        throw Mismatch.within(e, `[${JSON.stringify(k)}]`);
      }
      if ((y !== x || typedKey !== k) && out === null) {
        out = {};
        for (let j = 0; j < i; j++) setMemberOf(out, keys[j] as string, raw[keys[j] as string] as XenValue);
      }
      if (out !== null) setMemberOf(out, typedKey, y);
    }
    return out ?? raw;
  };
}

function compile(model: Model, type: XenType, lenient: boolean): Converter {
  const cache = cacheOf(model, lenient);
  const key = formatType(type);
  const known = cache.byType.get(key);
  if (known !== undefined) return known;
  const compiler: Compiler = (t) => compile(model, t, lenient);
  let conv: Converter;
  switch (type.kind) {
    case 'enum': {
      const table = enumTable(model, cache, type.name);
      const expected = `enum ${type.name}`;
      conv = (raw) => {
        if (typeof raw === 'string') {
          const v = table.get(raw.toLowerCase());
          if (v !== undefined) return v;
          if (lenient) return raw;
        }
        throw new Mismatch('', raw, expected);
      };
      break;
    }
    case 'set':
      conv = setOf(compiler(type.of), key);
      break;
    case 'option':
      conv = compiler(type.of);
      break;
    case 'map':
      conv = mapOf(compiler(type.key), compiler(type.value), key);
      break;
    case 'record':
      conv = recordConverter(model, cache, type.cls, compiler);
      break;
    default:
      conv = scalarConverter(type);
  }
  cache.byType.set(key, conv);
  return conv;
}

function recordConverter(model: Model, cache: ModelCache, cls: string, compiler: Compiler): Converter {
  const known = cache.records.get(cls);
  if (known !== undefined) return known;
  const def: ClassDef | undefined = cls === '<class>' ? undefined : model.findClass(cls);
  // Converters are built on first use, so recursive record types cannot loop at compile time.
  let compiled: Converter | undefined;
  const conv: Converter = (raw) => {
    if (!isStruct(raw)) throw new Mismatch('', raw, `${cls} record`);
    compiled ??= def === undefined ? (r) => r : compileRecord(def, compiler, model.enums);
    return compiled(raw);
  };
  cache.records.set(cls, conv);
  return conv;
}

/**
 * Normalises a raw decoded value to `type` (REFERENCE.md §1.3). `what` names the value for error messages
 * (`VM.get_record result`, `params[1]`); a mismatch throws WireTypeError naming the exact place. `lenientEnums`
 * (a client reading replies) keeps an enum value the model lacks as sent: newer servers add values.
 */
export function toTyped(model: Model, type: XenType, raw: XenValue, what: string, opts: { readonly lenientEnums?: boolean } = {}): XenValue {
  try {
    return compile(model, type, opts.lenientEnums === true)(raw);
  } catch (e) {
    if (e instanceof Mismatch) throw new WireTypeError(`${what}${e.path}`, e.shown, e.expected);
    throw e;
  }
}

export type { XenStruct };
