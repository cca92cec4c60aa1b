import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatType, getModel } from '../../src/model/index.js';

const withExt = getModel({ extensions: true });
const without = getModel({ extensions: false });

test('extensions are on by default and marked', () => {
  assert.equal(getModel().extensions, true);
  assert.equal(without.extensions, false);
  const profile = withExt.findField('VM', 'profile');
  assert.equal(profile?.extension, true);
  assert.equal(profile && formatType(profile.type), 'string set');
  assert.equal(profile?.qualifier, 'RW');
  for (const n of ['add_profile', 'remove_profile', 'get_profile', 'set_profile']) {
    const m = withExt.findMessage(`VM.${n}`);
    assert.equal(m?.extension, true, n);
    assert.ok(m?.implicit, n);
  }
  for (const [cls, f] of [['VM', 'requires_memory'], ['VM', 'requires_tpm'], ['VM', 'requires_bandwidth'], ['VM', 'requires_cpu_features'],
    ['host', 'memory_total'], ['host', 'memory_free'], ['host', 'cpu_count'], ['host', 'cpu_features'], ['host', 'tpm'],
    ['host', 'bandwidth'], ['network', 'bandwidth'], ['network', 'latency']] as const) {
    assert.equal(withExt.findField(cls, f)?.extension, true, `${cls}.${f}`);
    assert.equal(without.findField(cls, f), undefined, `${cls}.${f}`);
  }
  assert.equal(withExt.findField('host', 'tpm')?.qualifier, 'RO/runtime');
  assert.equal(withExt.findMessage('host.set_tpm'), undefined);
  assert.ok(withExt.findMessage('VM.set_requires_tpm'));
});

test('extension messages have their signatures and roles', () => {
  const sig = (w: string): string => {
    const m = withExt.findMessage(w);
    assert.ok(m, w);
    return `(${m.params.map((p) => `${p.name}: ${formatType(p.type)}${p.required ? '' : '?'}`).join(', ')}) -> ${formatType(m.result)}`;
  };
  assert.equal(sig('host.qualify'), '(vm: VM ref, host: host ref) -> bool');
  assert.equal(sig('host.get_qualification'), '(vm: VM ref, host: host ref) -> (string -> string) map');
  assert.equal(sig('VM.migrate'), '(vm: VM ref, current: host ref, destination: host ref, test: bool) -> bool');
  assert.equal(sig('VDI.get_file'), '(vdi: VDI ref, path: string) -> string');
  assert.equal(sig('VM.clone'), '(vm: VM ref, new_name: string, customization: (string -> string) map?) -> VM ref');
  assert.equal(withExt.findMessage('VM.clone')?.extension, undefined);
  assert.deepEqual(withExt.findMessage('VM.clone')?.params.map((p) => p.extension), [undefined, undefined, true]);
  assert.equal(withExt.findMessage('VM.migrate')?.async, true);
  assert.equal(withExt.findMessage('host.qualify')?.roles.at(-1), 'read-only');
  assert.equal(withExt.findMessage('VM.migrate')?.roles.at(-1), 'vm-power-admin');
  assert.equal(withExt.findMessage('VDI.get_file')?.roles.at(-1), 'vm-admin');
});

test('without extensions the additions are absent and VM.clone is plain', () => {
  for (const w of ['host.qualify', 'host.get_qualification', 'VM.migrate', 'VDI.get_file', 'VM.add_profile']) {
    assert.equal(without.findMessage(w), undefined, w);
  }
  assert.deepEqual(without.findMessage('VM.clone')?.params.map((p) => p.name), ['vm', 'new_name']);
  assert.equal(without.findMessage('VM.clone')?.extension, undefined);
});
