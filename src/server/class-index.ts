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

function infoOf(def: ClassDef): ClassInfo {
  const fields = def.fields.filter((f) => f.lifecycle !== 'removed');
  return { def, fields, fieldByName: new Map(fields.map((f) => [f.name, f])), exact: new WeakSet() };
}

/** Built per class on first use: a command that touches two classes does not pay for all of them (nor the model). */
export function buildClassIndex(model: Model): ClassIndex {
  const byName = new Map<string, ClassInfo>();
  const get = (cls: string): ClassInfo | undefined => {
    let info = byName.get(cls);
    if (info === undefined) {
      const def = model.classes.get(cls);
      if (def === undefined) return undefined;
      info = infoOf(def);
      byName.set(cls, info);
    }
    return info;
  };
  function* all(): Generator<ClassInfo, undefined, unknown> {
    for (const name of model.classes.keys()) {
      const info = get(name);
      if (info !== undefined) yield info;
    }
  }
  return { get, all: () => all() as IterableIterator<ClassInfo> };
}
