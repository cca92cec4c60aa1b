// `field=value`, `map-field:key=value`, `map-field-=key`, `set-field+=member`, `set-field-=member` from the command line.
import type { ClassDef, FieldDef } from '../../model/types.js';
import { UsageError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { fieldCliName, findFieldLoose } from './names.js';

export interface Assignment {
  readonly field: FieldDef;
  readonly key?: string;
  readonly op: '=' | '+=' | '-=';
  readonly text: string;
}

export function fieldOrThrow(cls: ClassDef, name: string, among: readonly FieldDef[] = cls.fields): FieldDef {
  const f = findFieldLoose(cls, name);
  if (f !== undefined) return f;
  throw new UsageError(`${cls.name} has no field '${name}'${didYouMean(name, among.map((x) => fieldCliName(x.name)))}`);
}

export function parseAssignment(cls: ClassDef, text: string): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`expected field=value, not '${text}'`);
  let lhs = text.slice(0, eq);
  let op: Assignment['op'] = '=';
  if (lhs.endsWith('+') || lhs.endsWith('-')) {
    op = lhs.endsWith('+') ? '+=' : '-=';
    lhs = lhs.slice(0, -1);
  }
  const colon = lhs.indexOf(':');
  const field = fieldOrThrow(cls, colon < 0 ? lhs : lhs.slice(0, colon));
  const value = text.slice(eq + 1);
  const kind = field.type.kind;
  if (colon >= 0) {
    if (kind !== 'map') throw new UsageError(`'${fieldCliName(field.name)}' is not a map: use ${fieldCliName(field.name)}=VALUE`);
    if (op !== '=' || colon === lhs.length - 1) throw new UsageError(`use ${fieldCliName(field.name)}:KEY=VALUE to set a key`);
    return { field, key: lhs.slice(colon + 1), op, text: value };
  }
  // map-field-=KEY removes a key (xe's param-remove).
  if (op === '-=' && kind === 'map') {
    if (value === '') throw new UsageError(`use ${fieldCliName(field.name)}-=KEY to remove a key`);
    return { field, key: value, op, text: '' };
  }
  if (op !== '=' && kind !== 'set') {
    throw new UsageError(`'${fieldCliName(field.name)}' is not a set: += and -= do not apply${kind === 'map' ? ` (${fieldCliName(field.name)}:KEY=VALUE sets a key, ${fieldCliName(field.name)}-=KEY removes one)` : ''}`);
  }
  return { field, op, text: value };
}
