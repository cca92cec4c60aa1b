// A tiny hand-made model for store tests that must not depend on the full datamodel.
import type { ClassDef, FieldDef, Model, XenType, XenValue } from '../../src/model/types.js';

function field(name: string, type: XenType, extra: { default?: XenValue; lifecycle?: FieldDef['lifecycle'] } = {}): FieldDef {
  return { name, type, qualifier: 'RW', lifecycle: extra.lifecycle ?? 'published', description: name,
    ...(extra.default !== undefined ? { default: extra.default } : {}) };
}

export function miniModel(): Model {
  const thing: ClassDef = {
    name: 'thing', description: 'a thing', messages: [], lifecycle: 'published',
    fields: [
      field('uuid', { kind: 'string' }),
      field('name_label', { kind: 'string' }),
      field('size', { kind: 'int' }),
      field('ratio', { kind: 'float' }),
      field('enabled', { kind: 'bool', }, { default: true }),
      field('born', { kind: 'datetime' }),
      field('mode', { kind: 'enum', name: 'thing_mode' }),
      field('owner', { kind: 'ref', cls: 'thing' }),
      field('tags', { kind: 'set', of: { kind: 'string' } }),
      field('other_config', { kind: 'map', key: { kind: 'string' }, value: { kind: 'string' } }),
      field('old_field', { kind: 'string' }, { lifecycle: 'removed' }),
    ],
  };
  const classes = new Map([['thing', thing]]);
  return {
    extensions: false,
    classes,
    enums: new Map([['thing_mode', { name: 'thing_mode', values: ['fast', 'slow'] }]]),
    errors: new Map(),
    findClass: (name) => classes.get(name) ?? [...classes.values()].find((c) => c.name.toLowerCase() === name.toLowerCase()),
    findMessage: () => undefined,
    findField: (cls, f) => classes.get(cls)?.fields.find((x) => x.name === f),
  };
}
