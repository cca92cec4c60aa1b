import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTyped } from '../../src/wire/typed.js';
import { WireTypeError } from '../../src/wire/errors.js';
import type { ClassDef, EnumDef, FieldDef, Model, XenType, XenValue } from '../../src/model/types.js';

const STRING: XenType = { kind: 'string' };
const INT: XenType = { kind: 'int' };
const POWER: XenType = { kind: 'enum', name: 'vm_power_state' };

function field(name: string, type: XenType, extra: Partial<FieldDef> = {}): FieldDef {
  return { name, type, qualifier: 'RW', lifecycle: 'published', description: '', ...extra };
}

function tinyModel(): Model {
  const vm: ClassDef = {
    name: 'VM', description: '', messages: [], lifecycle: 'published',
    fields: [
      field('uuid', STRING),
      field('power_state', POWER),
      field('memory_static_max', INT),
      field('VCPUs_max', INT, { default: 1n }),
      field('is_a_template', { kind: 'bool' }),
      field('start_time', { kind: 'datetime' }),
      field('ratio', { kind: 'float' }),
      field('VBDs', { kind: 'set', of: { kind: 'ref', cls: 'VBD' } }),
      field('other_config', { kind: 'map', key: STRING, value: STRING }),
      field('by_state', { kind: 'map', key: POWER, value: INT }),
      field('parent_record', { kind: 'option', of: { kind: 'record', cls: 'VM' } }),
    ],
  };
  const enums = new Map<string, EnumDef>([['vm_power_state', { name: 'vm_power_state', values: ['Halted', 'Paused', 'Running', 'Suspended'] }]]);
  const classes = new Map([['VM', vm]]);
  return {
    extensions: false, classes, enums, errors: new Map(),
    findClass: (n) => classes.get(n) ?? [...classes.values()].find((c) => c.name.toLowerCase() === n.toLowerCase()),
    findMessage: () => undefined,
    findField: (c, f) => classes.get(c)?.fields.find((x) => x.name === f),
  };
}

const model = tinyModel();

function typeError(field: string) {
  return (e: unknown) => e instanceof WireTypeError && e.field === field;
}

test('ints from bigint, number or digit string; floats; bools; refs', () => {
  assert.equal(toTyped(model, INT, '18446744073709551615', 'x'), 18446744073709551615n);
  assert.equal(toTyped(model, INT, 42, 'x'), 42n);
  assert.equal(toTyped(model, INT, -3n, 'x'), -3n);
  assert.throws(() => toTyped(model, INT, '1.5', 'x'), typeError('x'));
  assert.throws(() => toTyped(model, INT, 1.5, 'x'), typeError('x'));
  assert.equal(toTyped(model, { kind: 'float' }, '2.5', 'x'), 2.5);
  assert.equal(toTyped(model, { kind: 'float' }, 3n, 'x'), 3);
  assert.equal(toTyped(model, { kind: 'float' }, 'inf', 'x'), Infinity);
  assert.throws(() => toTyped(model, { kind: 'float' }, 'abc', 'x'), typeError('x'));
  assert.equal(toTyped(model, { kind: 'bool' }, true, 'x'), true);
  assert.equal(toTyped(model, { kind: 'bool' }, 'false', 'x'), false);
  assert.throws(() => toTyped(model, { kind: 'bool' }, 'yes', 'x'), typeError('x'));
  assert.equal(toTyped(model, { kind: 'ref', cls: 'VM' }, 'OpaqueRef:NULL', 'x'), 'OpaqueRef:NULL');
  assert.throws(() => toTyped(model, STRING, 5n, 'name'), typeError('name'));
  assert.equal(toTyped(model, { kind: 'void' }, 'anything', 'x'), '');
});

test('datetimes from Date and every xapi string form; missing zone is UTC', () => {
  const when = new Date(Date.UTC(2025, 2, 19, 4, 16, 24));
  const dt: XenType = { kind: 'datetime' };
  for (const raw of [when, '20250319T04:16:24Z', '2025-03-19T04:16:24Z', '20250319T04:16:24', '2025-03-19T05:16:24+01:00', '2025-03-19T00:16:24-0400']) {
    assert.deepEqual(toTyped(model, dt, raw, 'x'), when, String(raw));
  }
  assert.throws(() => toTyped(model, dt, 'March 19', 'x'), typeError('x'));
});

test('enums match case-insensitively and come back in the model spelling', () => {
  assert.equal(toTyped(model, POWER, 'running', 'x'), 'Running');
  assert.equal(toTyped(model, POWER, 'HALTED', 'x'), 'Halted');
  assert.throws(() => toTyped(model, POWER, 'exploded', 'VM.power_state'), (e: unknown) =>
    e instanceof WireTypeError && e.field === 'VM.power_state' && e.expected === 'enum vm_power_state' && e.value === '"exploded"');
});

test('records: fields typed in class order, defaults for missing ones, option omitted, unknown fields dropped', () => {
  const raw: XenValue = {
    extra: 'dropped', uuid: 'u1', power_state: 'running', memory_static_max: '17179869184', is_a_template: false,
    start_time: '20250319T04:16:24Z', ratio: 0.5, VBDs: ['OpaqueRef:a'], other_config: { k: 'v' },
    by_state: { halted: '3' },
  };
  const rec = toTyped(model, { kind: 'record', cls: 'VM' }, raw, 'VM.get_record result') as Record<string, XenValue>;
  assert.deepEqual(Object.keys(rec), ['uuid', 'power_state', 'memory_static_max', 'VCPUs_max', 'is_a_template', 'start_time', 'ratio', 'VBDs', 'other_config', 'by_state']);
  assert.deepEqual(rec, {
    uuid: 'u1', power_state: 'Running', memory_static_max: 17179869184n, VCPUs_max: 1n, is_a_template: false,
    start_time: new Date(Date.UTC(2025, 2, 19, 4, 16, 24)), ratio: 0.5, VBDs: ['OpaqueRef:a'], other_config: { k: 'v' },
    by_state: { Halted: 3n },
  });
  const nested = toTyped(model, { kind: 'record', cls: 'vm' }, { uuid: 'a', parent_record: { uuid: 'b' } }, 'r') as Record<string, XenValue>;
  assert.equal((nested['parent_record'] as Record<string, XenValue>)['uuid'], 'b');
});

test('a mismatch deep inside names the exact place', () => {
  const all: XenType = { kind: 'map', key: { kind: 'ref', cls: 'VM' }, value: { kind: 'record', cls: 'VM' } };
  const raw = { 'OpaqueRef:1': { uuid: 'a' }, 'OpaqueRef:2': { uuid: 'b', VBDs: ['x', 7n] } };
  assert.throws(() => toTyped(model, all, raw, 'VM.get_all_records result'),
    typeError('VM.get_all_records result["OpaqueRef:2"].VBDs[1]'));
  assert.throws(() => toTyped(model, all, ['not a map'], 'r'), typeError('r'));
  assert.throws(() => toTyped(model, { kind: 'record', cls: 'VM' }, 'x', 'r'), typeError('r'));
});

test('maps keep hostile keys as own properties', () => {
  const raw = JSON.parse('{"__proto__":"5","a":"1"}') as XenValue;
  const m = toTyped(model, { kind: 'map', key: STRING, value: INT }, raw, 'm') as Record<string, XenValue>;
  assert.equal(Object.getPrototypeOf(m), Object.prototype);
  assert.deepEqual(Object.keys(m), ['__proto__', 'a']);
  assert.equal(m['a'], 1n);
  assert.equal(Object.getOwnPropertyDescriptor(m, '__proto__')?.value, 5n);
});

test('sets of strings come back as they are; other sets are converted', () => {
  const refs = ['OpaqueRef:a', 'OpaqueRef:b'];
  assert.equal(toTyped(model, { kind: 'set', of: STRING }, refs, 's'), refs);
  assert.deepEqual(toTyped(model, { kind: 'set', of: INT }, ['1', 2], 's'), [1n, 2n]);
  assert.deepEqual(toTyped(model, { kind: 'set', of: POWER }, ['running', 'Halted'], 's'), ['Running', 'Halted']);
});
