// Builds a batch of new objects (and changes to existing ones) with two-way refs kept in step, then writes each
// object to the store once: one create per new object, one update per touched existing object.
import type { Model, XenValue } from '../../model/types.js';
import { makeRecord } from '../store/records.js';
import type { ObjectStore } from '../store/types.js';

export type Rec = Record<string, XenValue>;

interface Touched {
  readonly cls: string;
  readonly ref: string;
  readonly rec: Rec;
  readonly fields: Set<string>;
}

export class Staging {
  readonly #created: Array<{ cls: string; ref: string; rec: Rec }> = [];
  readonly #byKey = new Map<string, Rec>();
  readonly #touched = new Map<string, Touched>();

  constructor(readonly model: Model, readonly store: ObjectStore) {}

  /** Only the values whose fields the model has (extension fields vanish under --no-extensions). */
  known(cls: string, values: Readonly<Rec>): Rec {
    const out: Rec = {};
    for (const key of Object.keys(values)) {
      if (this.model.findField(cls, key) !== undefined) out[key] = values[key] as XenValue;
    }
    return out;
  }

  add(cls: string, ref: string, values: Readonly<Rec>): Rec {
    const rec = makeRecord(this.model, cls, this.known(cls, values)) as Rec;
    this.#created.push({ cls, ref, rec });
    this.#byKey.set(`${cls} ${ref}`, rec);
    return rec;
  }

  /** A staged record, new or existing (an existing one is copied and written back by update). */
  #record(cls: string, ref: string, field: string): Rec {
    const key = `${cls} ${ref}`;
    const created = this.#byKey.get(key);
    if (created !== undefined) return created;
    let t = this.#touched.get(key);
    if (t === undefined) {
      const stored = this.store.get(cls, ref);
      if (stored === undefined) throw new Error(`seed: ${cls} ${ref} does not exist`);
      t = { cls, ref, rec: { ...stored }, fields: new Set() };
      this.#touched.set(key, t);
    }
    if (!t.fields.has(field)) {
      const v = t.rec[field];
      if (Array.isArray(v)) t.rec[field] = [...(v as readonly XenValue[])];
      t.fields.add(field);
    }
    return t.rec;
  }

  set(cls: string, ref: string, field: string, value: XenValue): void {
    if (this.model.findField(cls, field) === undefined) return;
    this.#record(cls, ref, field)[field] = value;
  }

  /** Appends to a set field (the other side of a ref). */
  link(cls: string, ref: string, field: string, value: string): void {
    const rec = this.#record(cls, ref, field);
    const cur = rec[field];
    if (Array.isArray(cur)) (cur as XenValue[]).push(value);
    else rec[field] = [value];
  }

  get(cls: string, ref: string): Rec | undefined {
    return this.#byKey.get(`${cls} ${ref}`) ?? this.#touched.get(`${cls} ${ref}`)?.rec ?? (this.store.get(cls, ref) as Rec | undefined);
  }

  commit(): void {
    for (const { cls, ref, rec } of this.#created) this.store.create(cls, ref, rec);
    for (const t of this.#touched.values()) {
      const changes: Rec = {};
      for (const f of t.fields) changes[f] = t.rec[f] as XenValue;
      this.store.update(t.cls, t.ref, changes);
    }
  }
}
