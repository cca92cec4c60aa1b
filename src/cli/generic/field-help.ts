// The fields `set` and `create` take, with their types (and for `set` the roles allowed), for their help.
import type { ClassDef, FieldDef } from '../../model/types.js';
import { formatType } from '../../model/index.js';
import { accessor, accessorIndex } from './access.js';
import { fieldCliName } from './names.js';

const PUBLIC = (r: string): boolean => r !== 'client-cert';

function fieldLines(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.min(30, Math.max(0, ...rows.map(([a]) => a.length)));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n');
}

/** The roles of the message that sets (or adds to) a field. */
function setterRoles(cls: ClassDef, f: FieldDef, index = accessorIndex(cls)): readonly string[] {
  const msg = accessor(cls, 'set_field', f, index) ?? accessor(cls, 'add_to_map', f, index) ?? accessor(cls, 'add_to_set', f, index);
  return (msg?.roles ?? []).filter(PUBLIC);
}

/**
 * The help of `set`: each settable field with its type; the roles most setters allow (ROLES ALLOWED), and a
 * field whose setter allows other roles says which.
 */
export function setFieldHelp(cls: ClassDef, fields: readonly FieldDef[]): { text: () => string; roles: readonly string[] } {
  const index = accessorIndex(cls);
  const rolesOf = new Map(fields.map((f) => [f, setterRoles(cls, f, index)]));
  const counts = new Map<string, number>();
  for (const r of rolesOf.values()) counts.set(r.join(','), (counts.get(r.join(',')) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const text = (): string => {
    const rows = fields.map((f) => {
      const roles = rolesOf.get(f) ?? [];
      const who = roles.join(',') === common ? '' : ` [roles: ${roles.join(', ')}]`;
      return [fieldCliName(f.name), `${formatType(f.type)}${who}`] as const;
    });
    return 'FIELDS (FIELD=VALUE sets the whole value; a map: FIELD:KEY=VALUE sets a key, FIELD-=KEY removes it;\n'
      + `a set: FIELD+=V adds a member, FIELD-=V removes one)\n${fieldLines(rows)}`;
  };
  return { text, roles: common === '' ? [] : common.split(',') };
}

/** The fields a constructor record carries (the server fills the runtime ones). */
export function constructorFields(cls: ClassDef): FieldDef[] {
  return cls.fields.filter((f) => f.qualifier !== 'RO/runtime');
}

/** The help of `create`: each field the record may carry, with its type; a field left out takes its default. */
export function createFieldHelp(cls: ClassDef): string {
  const rows = constructorFields(cls).map((f) => [fieldCliName(f.name), formatType(f.type)] as const);
  return `FIELDS (each optional: a field left out takes its default)\n${fieldLines(rows)}`;
}
