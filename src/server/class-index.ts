// Per-class facts the server looks up on every call, computed once from the model.
import type { ClassDef, FieldDef, Model, XenStruct } from '../model/types.js';

export interface ClassInfo {
  readonly def: ClassDef;
  /** Fields a record carries on the wire (removed ones left out), in datamodel order. */
  readonly fields: readonly FieldDef[];
  readonly fieldByName: ReadonlyMap<string, FieldDef>;
  /**
   * Stored records already known to hold exactly `fields`, in order: get_record can hand them out as they are
   * (stored records are never mutated; an update stores a new object).
   */
  readonly exact: WeakSet<XenStruct>;
}

export interface ClassIndex {
  get(cls: string): ClassInfo | undefined;
  /** Every class, in model order. */
  all(): IterableIterator<ClassInfo>;
}

export function buildClassIndex(model: Model): ClassIndex {
  const byName = new Map<string, ClassInfo>();
  for (const def of model.classes.values()) {
    const fields = def.fields.filter((f) => f.lifecycle !== 'removed');
    byName.set(def.name, { def, fields, fieldByName: new Map(fields.map((f) => [f.name, f])), exact: new WeakSet() });
  }
  return {
    get: (cls) => byName.get(cls),
    all: () => byName.values(),
  };
}
