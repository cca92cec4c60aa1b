import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NULL_REF, formatType, getModel, wireName } from '../../src/model/index.js';
import type { FieldDef, MessageDef } from '../../src/model/index.js';

const model = getModel();

function msg(wire: string): MessageDef {
  const m = model.findMessage(wire);
  assert.ok(m, `${wire} exists`);
  return m;
}
function field(cls: string, name: string): FieldDef {
  const f = model.findField(cls, name);
  assert.ok(f, `${cls}.${name} exists`);
  return f;
}

test('all 72 datamodel classes are present, by wire name', () => {
  assert.equal(model.classes.size, 72);
  for (const name of ['session', 'VM', 'VM_metrics', 'host', 'SR', 'VDI', 'VBD', 'VIF', 'network', 'PIF', 'task', 'event', 'Rate_limit']) {
    assert.equal(model.classes.get(name)?.name, name);
  }
});

test('findClass accepts lower case and dashes', () => {
  assert.equal(model.findClass('vm')?.name, 'VM');
  assert.equal(model.findClass('vm_metrics')?.name, 'VM_metrics');
  assert.equal(model.findClass('VM-metrics')?.name, 'VM_metrics');
  assert.equal(model.findClass('Host')?.name, 'host');
  assert.equal(model.findClass('nope'), undefined);
});

test('VM fields carry types, qualifiers, defaults and lifecycle', () => {
  const nl = field('VM', 'name_label');
  assert.equal(formatType(nl.type), 'string');
  assert.equal(nl.qualifier, 'RW');
  const ps = field('VM', 'power_state');
  assert.deepEqual(ps.type, { kind: 'enum', name: 'vm_power_state' });
  assert.equal(ps.qualifier, 'RO/constructor');
  assert.equal(ps.default, 'Halted');
  assert.equal(field('VM', 'resident_on').qualifier, 'RO/runtime');
  assert.equal(formatType(field('VM', 'VIFs').type), 'VIF ref set');
  assert.equal(formatType(field('VM', 'other_config').type), '(string -> string) map');
  assert.equal(field('VM', 'snapshot_of').default, NULL_REF);
  const sv = field('VM', 'snapshot_time').default;
  assert.ok(sv instanceof Date);
  assert.equal(sv.getTime(), 0);
  assert.deepEqual({ ...(field('VM', 'other_config').default as object) }, {});
  assert.equal(field('VM', 'memory_static_max').default, undefined);
  assert.equal(field('VM', 'name_label').lifecycle, 'published');
  assert.equal(field('VM', 'memory_overhead').qualifier, 'RO/runtime');
});

test('integer and float defaults are typed (bigint, number)', () => {
  const ints = [...model.classes.values()].flatMap((c) => c.fields).filter((f) => f.type.kind === 'int' && f.default !== undefined);
  assert.ok(ints.length > 20);
  for (const f of ints) assert.equal(typeof f.default, 'bigint', f.name);
  const floats = [...model.classes.values()].flatMap((c) => c.fields).filter((f) => f.type.kind === 'float' && f.default !== undefined);
  for (const f of floats) assert.equal(typeof f.default, 'number', f.name);
});

test('a map default with entries and a non-empty set default are decoded', () => {
  const maps = [...model.classes.values()].flatMap((c) => c.fields)
    .filter((f) => f.type.kind === 'map' && f.default !== undefined && Object.keys(f.default as object).length > 0);
  assert.ok(maps.length >= 2);
  for (const f of maps) for (const v of Object.values(f.default as object)) assert.equal(typeof v, 'string');
  const hw = field('host', 'virtual_hardware_platform_versions');
  assert.deepEqual(hw.default, [0n]);
});

test('removed fields are kept, flagged removed', () => {
  const removed = [...model.classes.values()].flatMap((c) => c.fields).filter((f) => f.lifecycle === 'removed');
  assert.ok(removed.length > 10);
});

test('VM.start takes vm, start_paused, force after the session', () => {
  const m = msg('VM.start');
  assert.deepEqual(m.params.map((p) => [p.name, formatType(p.type), p.required]), [
    ['vm', 'VM ref', true], ['start_paused', 'bool', true], ['force', 'bool', true],
  ]);
  assert.equal(formatType(m.result), 'void');
  assert.ok(m.errors.includes('VM_BAD_POWER_STATE'));
  assert.equal(m.sessionless, false);
  assert.equal(m.implicit, undefined);
  assert.equal(wireName(m), 'VM.start');
});

test('optional parameters take the known non-zero defaults, else the zero value', () => {
  const disable = msg('host.disable');
  assert.deepEqual(disable.params.map((p) => [p.name, p.required, p.default]), [['host', true, undefined], ['auto_enable', false, true]]);
  const login = msg('session.login_with_password');
  assert.deepEqual(login.params.map((p) => p.default), [undefined, undefined, '1.1', '']);
  const snap = msg('VM.snapshot');
  assert.deepEqual(snap.params.at(-1)?.default, []);
  const evac = msg('host.evacuate');
  assert.deepEqual(evac.params.slice(1).map((p) => p.default), [NULL_REF, 0n]);
});

test('the login family is sessionless', () => {
  assert.equal(msg('session.login_with_password').sessionless, true);
  assert.equal(msg('session.slave_local_login_with_password').sessionless, true);
  assert.equal(msg('session.logout').sessionless, false);
  assert.deepEqual(msg('session.logout').params, []);
});

test('roles: VM.start needs vm-operator, VM.get_record read-only', () => {
  assert.deepEqual(msg('VM.start').roles, ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator']);
  assert.deepEqual(msg('VM.get_record').roles,
    ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'client-cert', 'read-only']);
  assert.deepEqual(msg('VM.set_name_label').roles, ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin']);
  assert.deepEqual(msg('secret.get_value').roles, ['pool-admin', 'pool-operator']);
});

test('async flags follow the rule', () => {
  assert.equal(msg('VM.start').async, true);
  assert.equal(msg('VM.create').async, true);
  assert.equal(msg('VM.destroy').async, true);
  assert.equal(msg('VM.get_name_label').async, false);
  assert.equal(msg('VM.set_name_label').async, false);
  assert.equal(msg('VM.get_all_records').async, false);
  assert.equal(msg('session.login_with_password').async, false);
  assert.equal(msg('event.from').async, false);
  assert.equal(msg('task.cancel').async, false);
  assert.equal(msg('host.disable').async, true);
});

test('event.from returns an event batch', () => {
  assert.deepEqual(msg('event.from').result, { kind: 'record', cls: 'event_batch' });
  assert.equal(formatType(msg('event.from').result), 'an event batch');
});

test('findMessage and findField miss cleanly', () => {
  assert.equal(model.findMessage('VM.no_such'), undefined);
  assert.equal(model.findMessage('VM'), undefined);
  assert.equal(model.findField('VM', 'nope'), undefined);
  assert.equal(model.findField('nope', 'uuid'), undefined);
});

test('getModel is memoised', () => {
  assert.equal(getModel(), model);
  assert.equal(getModel({ extensions: true }), model);
  assert.equal(getModel({ extensions: false }), getModel({ extensions: false }));
});

test('classes are built on first use only, also when found by lower case', async () => {
  const { buildModel } = await import('../../src/model/build.js');
  const { sourceOf } = await import('../../src/model/build.js');
  const { generatedCompact } = await import('../../src/model/gen/load.js');
  const src = sourceOf(generatedCompact());
  const parsed: number[] = [];
  const m = buildModel({ head: src.head, classData: (i) => (parsed.push(i), src.classData(i)) }, undefined);
  assert.deepEqual(parsed, []);
  assert.equal(m.findClass('vm_guest_metrics')?.name, 'VM_guest_metrics');
  assert.ok(m.findMessage('VM_guest_metrics.get_record'));
  assert.equal(parsed.length, 1);
  assert.equal(m.classes.size, 72);
  assert.equal([...m.classes.keys()].length, 72);
  assert.equal(parsed.length, 1);
});

test('every hand-kept parameter default names an optional parameter and fits its type', async () => {
  const { PARAM_DEFAULTS } = await import('../../src/model/implicit.js');
  for (const [wire, defaults] of Object.entries(PARAM_DEFAULTS)) {
    const m = model.findMessage(wire);
    assert.ok(m, wire);
    for (const name of Object.keys(defaults)) {
      const p = m.params.find((x) => x.name === name);
      assert.ok(p && !p.required, `${wire}(${name})`);
      assert.notEqual(p.default, undefined);
    }
  }
});

test('hand-written descriptions name real messages and classes; others are mechanical', async () => {
  const { handDescribedMessages } = await import('../../src/model/describe.js');
  const plain = getModel({ extensions: false });
  for (const w of handDescribedMessages()) assert.ok(plain.findMessage(w), w);
  assert.equal(msg('VM.start').description, 'Start a halted VM.');
  assert.equal(msg('VM.set_memory_static_max').description, 'Set the `memory_static_max` field of a VM.');
  assert.equal(msg('SR.get_name_label').description, 'Get the `name_label` field of an SR.');
  assert.equal(model.findClass('VM')?.description, 'A virtual machine, template or snapshot.');
  assert.equal(model.findClass('LVHD')?.description, 'The `LVHD` class.');
  for (const c of model.classes.values()) {
    for (const f of c.fields) assert.ok(f.description.length > 0, `${c.name}.${f.name}`);
    for (const m of c.messages) assert.ok(m.description.length > 0, `${c.name}.${m.name}`);
  }
});
