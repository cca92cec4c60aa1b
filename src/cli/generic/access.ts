// Field accessors of a class, found by implicit kind or, for fields with hand-declared accessors
// (VM.other_config has an explicit set/add_to/remove_from), by xapi's naming convention.
import type { ClassDef, FieldDef, ImplicitKind, MessageDef } from '../../model/types.js';

type AccessorKind = 'set_field' | 'add_to_map' | 'remove_from_map' | 'add_to_set' | 'remove_from_set';

const CONVENTION: Readonly<Record<AccessorKind, (field: string) => string>> = {
  set_field: (f) => `set_${f}`,
  add_to_map: (f) => `add_to_${f}`,
  remove_from_map: (f) => `remove_from_${f}`,
  add_to_set: (f) => `add_${f}`,
  remove_from_set: (f) => `remove_${f}`,
};

/** One pass over a class's messages: implicit accessors by kind and field, explicit messages by name. */
export interface AccessorIndex {
  readonly byKind: ReadonlyMap<string, MessageDef>;
  readonly explicit: ReadonlyMap<string, MessageDef>;
}

export function accessorIndex(cls: ClassDef): AccessorIndex {
  const byKind = new Map<string, MessageDef>();
  const explicit = new Map<string, MessageDef>();
  for (const m of cls.messages) {
    if (m.implicit === undefined) explicit.set(m.name, m);
    else if (m.implicit.field !== undefined) byKind.set(`${m.implicit.kind} ${m.implicit.field}`, m);
  }
  return { byKind, explicit };
}

export function accessor(cls: ClassDef, kind: AccessorKind & ImplicitKind, field: FieldDef, index = accessorIndex(cls)): MessageDef | undefined {
  return index.byKind.get(`${kind} ${field.name}`) ?? index.explicit.get(CONVENTION[kind](field.name));
}

/** Fields `set` can change: those with a setter, or (maps and sets) with add/remove messages. */
export function settableFields(cls: ClassDef): FieldDef[] {
  const index = accessorIndex(cls);
  return cls.fields.filter((f) => accessor(cls, 'set_field', f, index) !== undefined
    || accessor(cls, 'add_to_map', f, index) !== undefined || accessor(cls, 'add_to_set', f, index) !== undefined);
}
