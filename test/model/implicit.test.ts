import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatType, getModel } from '../../src/model/index.js';
import { deriveImplicit } from '../../src/model/implicit.js';
import type { FieldDef, MessageDef } from '../../src/model/index.js';

const model = getModel();

function msg(wire: string): MessageDef {
  const m = model.findMessage(wire);
  assert.ok(m, `${wire} exists`);
  return m;
}
const sig = (m: MessageDef): string => `(${m.params.map((p) => `${p.name}: ${formatType(p.type)}`).join(', ')}) -> ${formatType(m.result)}`;

test('getters and setters are derived from fields', () => {
  assert.equal(sig(msg('VM.get_name_label')), '(self: VM ref) -> string');
  assert.deepEqual(msg('VM.get_name_label').implicit, { kind: 'get_field', field: 'name_label' });
  assert.equal(sig(msg('VM.set_name_label')), '(self: VM ref, value: string) -> void');
  assert.deepEqual(msg('VM.set_name_label').implicit, { kind: 'set_field', field: 'name_label' });
  // RO fields get no implicit setter.
  assert.equal(model.findMessage('VM.set_resident_on'), undefined);
});

test('map and set updaters are derived for RW maps and sets', () => {
  assert.equal(sig(msg('VM.add_tags')), '(self: VM ref, value: string) -> void');
  assert.deepEqual(msg('VM.remove_tags').implicit, { kind: 'remove_from_set', field: 'tags' });
  assert.equal(sig(msg('host.add_to_other_config')), '(self: host ref, key: string, value: string) -> void');
  assert.deepEqual(msg('host.remove_from_other_config').implicit, { kind: 'remove_from_map', field: 'other_config' });
  assert.equal(sig(msg('host.remove_from_other_config')), '(self: host ref, key: string) -> void');
});

test('VM.other_config updaters are explicit messages (the field is RO/constructor)', () => {
  const m = msg('VM.add_to_other_config');
  assert.equal(m.implicit, undefined);
  assert.equal(sig(m), '(self: VM ref, key: string, value: string) -> void');
  assert.equal(msg('VM.set_memory_static_max').implicit, undefined);
});

test('class-level implicit messages', () => {
  assert.equal(sig(msg('VM.get_record')), '(self: VM ref) -> VM record');
  assert.equal(sig(msg('VM.get_all')), '() -> VM ref set');
  assert.equal(sig(msg('VM.get_all_records')), '() -> (VM ref -> VM record) map');
  assert.equal(sig(msg('VM.get_all_where')), '(expr: string) -> VM ref set');
  assert.equal(sig(msg('VM.get_all_records_where')), '(expr: string) -> (VM ref -> VM record) map');
  assert.equal(sig(msg('VM.get_by_uuid')), '(uuid: string) -> VM ref');
  assert.equal(sig(msg('VM.get_by_name_label')), '(label: string) -> VM ref set');
  assert.equal(sig(msg('VM.create')), '(args: VM record) -> VM ref');
  assert.deepEqual(msg('VM.create').implicit, { kind: 'create' });
  assert.equal(sig(msg('VM.destroy')), '(self: VM ref) -> void');
});

test('per-class facts: no host.create, no session.get_all, no pool.get_by_name_label', () => {
  assert.equal(model.findMessage('host.create'), undefined);
  assert.ok(model.findMessage('host.get_all'));
  assert.equal(model.findMessage('session.get_all'), undefined);
  assert.ok(model.findMessage('session.get_record'));
  assert.equal(model.findMessage('pool.get_by_name_label'), undefined);
  assert.equal(model.findMessage('event.get_record'), undefined);
  // message has explicit get_all_records_where, not a derived one.
  assert.equal(msg('message.get_all_records_where').implicit, undefined);
});

test('implicit messages of removed fields are removed too', () => {
  const removed = model.classes.get('VM')!.fields.find((f) => f.lifecycle === 'removed');
  assert.ok(removed);
  assert.equal(msg(`VM.get_${removed.name}`).lifecycle, 'removed');
});

test('deriveImplicit on a tiny class', () => {
  const f = (name: string, type: FieldDef['type'], qualifier: FieldDef['qualifier']): FieldDef => ({ name, type, qualifier, lifecycle: 'published', description: '' });
  const msgs = deriveImplicit({
    cls: 'thing', lifecycle: 'published', flags: 'ra', roles: { g: 6, c: 0, x: { get_b: 1 } }, setterRole: () => 4,
    fields: [
      f('a', { kind: 'map', key: { kind: 'string' }, value: { kind: 'int' } }, 'RW'),
      f('b', { kind: 'set', of: { kind: 'string' } }, 'RO/runtime'),
    ],
  });
  assert.deepEqual(msgs.map((m) => m.name), ['get_a', 'set_a', 'add_to_a', 'remove_from_a', 'get_b', 'get_record', 'get_by_uuid',
    'get_all', 'get_all_records', 'get_all_where', 'get_all_records_where']);
  assert.deepEqual(msgs.find((m) => m.name === 'get_b')?.roles, ['pool-admin']);
  assert.equal(msgs.find((m) => m.name === 'set_a')?.roles.length, 4);
  assert.equal(formatType(msgs.find((m) => m.name === 'add_to_a')!.params[2]!.type), 'int');
});
