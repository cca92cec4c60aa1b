// CLI spellings derived mechanically from wire names: class lower-case with `_` -> `-`, messages and parameters
// in kebab-case, fields with `_` -> `-` (case kept, matched case-insensitively).
import type { ClassDef, FieldDef, ImplicitKind, MessageDef, Model } from '../../model/types.js';

export function nounOf(cls: string): string {
  return cls.toLowerCase().replace(/_/g, '-');
}

export function verbOf(message: string): string {
  return message.toLowerCase().replace(/_/g, '-');
}

export function flagOf(param: string): string {
  return param.toLowerCase().replace(/_/g, '-');
}

export function fieldCliName(field: string): string {
  return field.replace(/_/g, '-');
}

export function classOfNoun(model: Model, noun: string): ClassDef | undefined {
  const cls = model.findClass(noun.replace(/-/g, '_'));
  return cls !== undefined && nounOf(cls.name) === noun.toLowerCase() ? cls : undefined;
}

/** A field by its CLI or wire spelling, case-insensitively. */
export function findFieldLoose(cls: ClassDef, name: string): FieldDef | undefined {
  const want = name.replace(/-/g, '_').toLowerCase();
  return cls.fields.find((f) => f.name === name) ?? cls.fields.find((f) => f.name.toLowerCase() === want);
}

/** The class's implicit message of a kind (for a field, when given). */
export function implicitMessage(cls: ClassDef, kind: ImplicitKind, field?: string): MessageDef | undefined {
  return cls.messages.find((m) => m.implicit?.kind === kind && (field === undefined || m.implicit.field === field));
}

export function wireOf(msg: MessageDef): string {
  return `${msg.cls}.${msg.name}`;
}
