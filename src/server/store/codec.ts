// Records <-> state.db rows and journal payloads, typed by the model; fields the model does not know keep the
// kind they were stored with (an inferred type noted in the manifest or the journal record).
import type { FieldDef, Model, XenStruct, XenType, XenValue } from '../../model/types.js';
import { columnNamer, INTERNAL_COLUMNS, wireNameOfColumn } from './dbnames.js';
import type { DbRow } from './dbxml.js';
import { fromDbString, inferType, toDbString, typeCode, typeFromCode } from './dbvalue.js';
import { freshCopy, typeZero } from './records.js';

const STRING: XenType = { kind: 'string' };
const TYPE_KEY_PREFIX = 'xenctl_type:';

interface ClassCodec {
  readonly types: Map<string, XenType>;
  readonly modelFields: ReadonlySet<string>;
  readonly live: readonly FieldDef[];
  readonly column: (wire: string) => string;
}

/** Per-class codecs, built lazily; one instance per store (holds inferred types of private fields). */
export class RecordCodec {
  readonly #classes = new Map<string, ClassCodec>();
  constructor(readonly model: Model | undefined) {}

  #codec(cls: string): ClassCodec {
    let codec = this.#classes.get(cls);
    if (codec === undefined) {
      const def = this.model?.classes.get(cls);
      const types = new Map<string, XenType>();
      for (const f of def?.fields ?? []) types.set(f.name, f.type);
      codec = { types, modelFields: new Set(types.keys()), live: def?.fields.filter((f) => f.lifecycle !== 'removed') ?? [], column: columnNamer(cls) };
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
    const codec = this.#codec(cls);
    const rec: Record<string, XenValue> = {};
    for (const [column, text] of row.columns) {
      if (INTERNAL_COLUMNS.has(column)) continue;
      const wire = wireNameOfColumn(column);
      if (wire === '__proto__') continue;
      rec[wire] = fromDbString(this.model, codec.types.get(wire) ?? STRING, text);
    }
    if (fill) this.fill(cls, rec);
    return rec;
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

  /** [column, db text] pairs of a record, for a state.db row. */
  *columns(cls: string, record: XenStruct): Generator<[string, string]> {
    const codec = this.#codec(cls);
    for (const field of Object.keys(record)) {
      const value = record[field] as XenValue;
      yield [codec.column(field), toDbString(this.#typeFor(codec, field, value), value)];
    }
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
      out[field] = fromDbString(this.model, codec.types.get(field) ?? STRING, f[field] as string);
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
