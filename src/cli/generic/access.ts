// Field accessors of a class, found by implicit kind or, for fields with hand-declared accessors
// (VM.other_config has an explicit set/add_to/remove_from), by xapi's naming convention.
import type { ClassDef, FieldDef, ImplicitKind, MessageDef } from '../../model/types.js';
import { implicitMessage } from './names.js';

const CONVENTION: Readonly<Partial<Record<ImplicitKind, (field: string) => string>>> = {
  set_field: (f) => `set_${f}`,
  add_to_map: (f) => `add_to_${f}`,
  remove_from_map: (f) => `remove_from_${f}`,
  add_to_set: (f) => `add_${f}`,
  remove_from_set: (f) => `remove_${f}`,
};

export function accessor(cls: ClassDef, kind: ImplicitKind, field: FieldDef): MessageDef | undefined {
  const byKind = implicitMessage(cls, kind, field.name);
  if (byKind !== undefined) return byKind;
  const name = CONVENTION[kind]?.(field.name);
  return name === undefined ? undefined : cls.messages.find((m) => m.name === name && m.implicit === undefined);
}

/** Fields `set` can change: those with a setter, or (maps and sets) with add/remove messages. */
export function settableFields(cls: ClassDef): FieldDef[] {
  return cls.fields.filter((f) => accessor(cls, 'set_field', f) !== undefined
    || accessor(cls, 'add_to_map', f) !== undefined || accessor(cls, 'add_to_set', f) !== undefined);
}
