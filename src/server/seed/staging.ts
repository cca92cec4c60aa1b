// Builds a batch of new objects (and changes to existing ones) with two-way refs kept in step, then writes each
// object to the store once: one create per new object, one update per touched existing object.
import type { Model, XenValue } from '../../model/types.js';
import { freshCopy, newUuid, typeZero } from '../store/records.js';
import type { ObjectStore } from '../store/types.js';

export type Rec = Record<string, XenValue>;

/** Per class: a fast-mode record of defaults; container defaults are frozen and shared (link() copies them). */
interface Template {
  readonly base: Readonly<Rec>;
}

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
  readonly #fieldNames = new Map<string, ReadonlySet<string>>();
  readonly #templates = new Map<string, Template>();
  readonly #shared = new Map<unknown, XenValue>();

  constructor(readonly model: Model, readonly store: ObjectStore) {}

  #template(cls: string): Template {
    let t = this.#templates.get(cls);
    if (t === undefined) {
      const def = this.model.classes.get(cls);
      if (def === undefined) throw new Error(`seed: unknown class ${cls}`);
      const base: Rec = {};
      for (const f of def.fields) {
        if (f.lifecycle === 'removed') continue;
        const v = f.default !== undefined ? freshCopy(f.default) : typeZero(this.model, f.type);
        base[f.name] = typeof v === 'object' && !(v instanceof Date) ? Object.freeze(v) : v;
      }
      t = { base: { ...base } };
      this.#templates.set(cls, t);
    }
    return t;
  }

  #names(cls: string): ReadonlySet<string> {
    let names = this.#fieldNames.get(cls);
    if (names === undefined) {
      names = new Set(this.model.classes.get(cls)?.fields.map((f) => f.name) ?? []);
      this.#fieldNames.set(cls, names);
    }
    return names;
  }

  /**
   * One frozen value per key for this batch, made on first use: records are never changed in place, so many records
   * may hold the same map or list (as the per-class templates already share their empty defaults).
   */
  shared<T extends XenValue>(key: unknown, make: () => T): T {
    const known = this.#shared.get(key);
    if (known !== undefined) return known as T;
    const value = make();
    Object.freeze(value);
    this.#shared.set(key, value);
    return value;
  }

  /** makeRecord, faster for thousands of objects: a copy of a per-class template of defaults. */
  add(cls: string, ref: string, values: Readonly<Rec>): Rec {
    const t = this.#template(cls);
    const names = this.#names(cls);
    let known: Readonly<Rec> = values;
    for (const key of Object.keys(values)) {
      if (!names.has(key)) {
        known = Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
        break;
      }
    }
    // One spread over the template: far faster than keyed stores into a 100-field object.
    const rec: Rec = { ...t.base, ...known };
    if (rec['uuid'] === '') rec['uuid'] = newUuid();
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
    if (!this.#names(cls).has(field)) return;
    this.#record(cls, ref, field)[field] = value;
  }

  /** Appends to a set field (the other side of a ref). */
  link(cls: string, ref: string, field: string, value: string): void {
    const rec = this.#record(cls, ref, field);
    const cur = rec[field];
    if (Array.isArray(cur) && !Object.isFrozen(cur)) (cur as XenValue[]).push(value);
    else rec[field] = Array.isArray(cur) ? [...(cur as readonly XenValue[]), value] : [value];
  }

  get(cls: string, ref: string): Rec | undefined {
    return this.#byKey.get(`${cls} ${ref}`) ?? this.#touched.get(`${cls} ${ref}`)?.rec ?? (this.store.get(cls, ref) as Rec | undefined);
  }

  commit(): void {
    const write = (): void => {
      // The staged records are handed over, not copied: 10,000 synthetic VMs are not held twice.
      const store = this.store;
      this.#byKey.clear();
      for (const { cls, ref, rec } of this.#created.splice(0)) {
        if (store.adopt !== undefined) store.adopt(cls, ref, rec);
        else store.create(cls, ref, rec);
      }
      for (const t of this.#touched.values()) {
        const changes: Rec = {};
        for (const f of t.fields) changes[f] = t.rec[f] as XenValue;
        this.store.update(t.cls, t.ref, changes);
      }
    };
    if (this.store.bulk !== undefined) this.store.bulk(write);
    else write();
  }
}
