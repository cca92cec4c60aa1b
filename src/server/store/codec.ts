// Records <-> state.db rows and journal payloads, typed by the model; fields the model does not know keep the
// kind they were stored with (an inferred type noted in the manifest or the journal record).
import type { FieldDef, Model, XenStruct, XenType, XenValue } from '../../model/types.js';
import { columnNamer, INTERNAL_COLUMNS, wireNameOfColumn } from './dbnames.js';
import { escapeAttr, type DbRow } from './dbxml.js';
import { fromDbString, inferType, toDbString, typeCode, typeFromCode } from './dbvalue.js';
import { freshCopy, typeZero } from './records.js';

const STRING: XenType = { kind: 'string' };
const TYPE_KEY_PREFIX = 'xenctl_type:';
const MAX_SHARED = 4096;
const MAX_SHARED_TEXT = 512;

interface ClassCodec {
  readonly types: Map<string, XenType>;
  readonly modelFields: ReadonlySet<string>;
  readonly live: readonly FieldDef[];
  readonly column: (wire: string) => string;
  /** state.db column -> wire name, or null for xapi's bookkeeping columns. */
  readonly wires: Map<string, string | null>;
  /** Every live field at its default (containers frozen, so records may share them); built on first use. */
  template: Readonly<Record<string, XenValue>> | undefined;
}

/** Per-class codecs, built lazily; one instance per store (holds inferred types of private fields). */
export class RecordCodec {
  readonly #classes = new Map<string, ClassCodec>();
  /** Decoded sets and maps by type and text (see #value). */
  readonly #containers = new Map<XenType, Map<string, XenValue>>();
  #containerCount = 0;
  constructor(readonly model: Model | undefined) {}

  /**
   * fromDbString, with a set or map whose text was seen before given as the same frozen value: a state of 10,000
   * VMs spells the same platform, allowed_operations or sm_config thousands of times, and records are never changed
   * in place (seeded records share such values too). Bounded, so unique values do not pile up.
   */
  #value(type: XenType, text: string): XenValue {
    if ((type.kind !== 'set' && type.kind !== 'map') || text.length > MAX_SHARED_TEXT) return fromDbString(this.model, type, text);
    let byText = this.#containers.get(type);
    const known = byText?.get(text);
    if (known !== undefined) return known;
    const value = fromDbString(this.model, type, text);
    if (this.#containerCount < MAX_SHARED) {
      Object.freeze(value);
      if (byText === undefined) {
        byText = new Map();
        this.#containers.set(type, byText);
      }
      byText.set(text, value);
      this.#containerCount += 1;
    }
    return value;
  }

  #codec(cls: string): ClassCodec {
    let codec = this.#classes.get(cls);
    if (codec === undefined) {
      const def = this.model?.classes.get(cls);
      const types = new Map<string, XenType>();
      for (const f of def?.fields ?? []) types.set(f.name, f.type);
      codec = { types, modelFields: new Set(types.keys()), live: def?.fields.filter((f) => f.lifecycle !== 'removed') ?? [],
        column: columnNamer(cls), wires: new Map(), template: undefined };
      this.#classes.set(cls, codec);
    }
    return codec;
  }

  typeOf(cls: string, field: string): XenType | undefined {
    return this.#codec(cls).types.get(field);
  }

  /** Remembers the type of a field the model lacks (from a manifest entry or a journal record). */
  noteType(cls: string, field: string, code: string): void {
    const codec = this.#codec(cls);
    if (!codec.types.has(field)) codec.types.set(field, typeFromCode(code));
  }

  /** Manifest entries naming the kinds of fields the model lacks. */
  manifestTypes(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const [cls, codec] of this.#classes) {
      for (const [field, type] of codec.types) {
        if (codec.modelFields.has(field)) continue;
        out.push([`${TYPE_KEY_PREFIX}${cls}:${field}`, typeCode(type)]);
      }
    }
    return out;
  }

  loadManifestTypes(manifest: ReadonlyMap<string, string>): void {
    for (const [key, code] of manifest) {
      if (!key.startsWith(TYPE_KEY_PREFIX)) continue;
      const rest = key.slice(TYPE_KEY_PREFIX.length);
      const cut = rest.indexOf(':');
      if (cut > 0) this.noteType(rest.slice(0, cut), rest.slice(cut + 1), code);
    }
  }

  /** A typed record from a state.db row; with `fill`, fields the row lacks take the model's defaults. */
  decodeRow(cls: string, row: DbRow, fill: boolean): XenStruct {
    return this.decodeAttrs(cls, row.columns.flat(), fill);
  }

  /** decodeRow for the scanner's flat attribute list (column, text, column, text...). */
  decodeAttrs(cls: string, attrs: readonly string[], fill: boolean): XenStruct {
    const codec = this.#codec(cls);
    // Stores into a copy of a full template keep the record a fast-mode object (see table-store.ts).
    const rec: Record<string, XenValue> = fill ? { ...this.#template(codec) } : {};
    for (let i = 0; i < attrs.length; i += 2) {
      const column = attrs[i] as string;
      let wire = codec.wires.get(column);
      if (wire === undefined) {
        const name = wireNameOfColumn(column);
        wire = INTERNAL_COLUMNS.has(column) || name === '__proto__' ? null : name;
        codec.wires.set(column, wire);
      }
      if (wire === null) continue;
      rec[wire] = this.#value(codec.types.get(wire) ?? STRING, attrs[i + 1] as string);
    }
    return rec;
  }

  #template(codec: ClassCodec): Readonly<Record<string, XenValue>> {
    if (codec.template === undefined) {
      const model = this.model;
      const base: Record<string, XenValue> = {};
      if (model !== undefined) {
        for (const f of codec.live) {
          const v = f.default !== undefined ? freshCopy(f.default) : typeZero(model, f.type);
          base[f.name] = typeof v === 'object' && !(v instanceof Date) ? Object.freeze(v) : v;
        }
      }
      codec.template = { ...base };
    }
    return codec.template;
  }

  fill(cls: string, rec: Record<string, XenValue>): void {
    const model = this.model;
    if (model === undefined) return;
    for (const f of this.#codec(cls).live) {
      if (!(f.name in rec)) rec[f.name] = f.default !== undefined ? freshCopy(f.default) : typeZero(model, f.type);
    }
  }

  /** Notes the kinds of the record's fields the model lacks (before a manifest is written). */
  noteRecord(cls: string, record: XenStruct): void {
    const codec = this.#codec(cls);
    for (const field of Object.keys(record)) {
      if (!codec.modelFields.has(field)) this.#typeFor(codec, field, record[field] as XenValue);
    }
  }

  /** The `column="text"` attributes of a record's state.db row, each preceded by a space. */
  rowAttributes(cls: string, record: XenStruct): string {
    const codec = this.#codec(cls);
    let out = '';
    for (const field of Object.keys(record)) {
      const value = record[field] as XenValue;
      out += ` ${codec.column(field)}="${escapeAttr(toDbString(this.#typeFor(codec, field, value), value))}"`;
    }
    return out;
  }

  /** Fields as {wire: db string}, plus type codes for fields the model lacks that are not strings. */
  encodeFields(cls: string, fields: Readonly<Record<string, XenValue>>): { f: Record<string, string>; t?: Record<string, string> } {
    const codec = this.#codec(cls);
    const f: Record<string, string> = {};
    let t: Record<string, string> | undefined;
    for (const field of Object.keys(fields)) {
      const value = fields[field] as XenValue;
      const type = this.#typeFor(codec, field, value);
      if (!codec.modelFields.has(field)) {
        if (type.kind !== 'string') (t ??= {})[field] = typeCode(type);
      }
      f[field] = toDbString(type, value);
    }
    return t === undefined ? { f } : { f, t };
  }

  decodeFields(cls: string, f: Readonly<Record<string, string>>, t: Readonly<Record<string, string>> | undefined): Record<string, XenValue> {
    if (t !== undefined) for (const field of Object.keys(t)) this.noteType(cls, field, t[field] as string);
    const codec = this.#codec(cls);
    const out: Record<string, XenValue> = {};
    for (const field of Object.keys(f)) {
      if (field === '__proto__') continue;
      out[field] = this.#value(codec.types.get(field) ?? STRING, f[field] as string);
    }
    return out;
  }

  #typeFor(codec: ClassCodec, field: string, value: XenValue): XenType {
    let type = codec.types.get(field);
    if (type === undefined) {
      type = inferType(value);
      if (type.kind !== 'string') codec.types.set(field, type);
    }
    return type;
  }
}
