import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { buildRelations } from '../../src/server/relations.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { addSyntheticVms } from '../../src/server/seed/synthetic.js';
import { openMemoryStore } from '../../src/server/store/memory.js';

const model = getModel();

function build(n: number) {
  const store = openMemoryStore();
  seedDemoPool(store, model, { guestFiles: false });
  const result = addSyntheticVms(store, model, n);
  return { store, result };
}

const refs = (v: XenValue | undefined): readonly string[] => (v ?? []) as readonly string[];

test('synthetic VMs are full records with disks, NICs, metrics and a boot record', () => {
  const { store, result } = build(25);
  assert.equal(result.vms.length, 25);
  assert.equal(store.count('VM'), 17 + 25);
  const first = store.get('VM', result.vms[0] ?? '');
  assert.equal(first?.['name_label'], 'synth-00001');
  for (const ref of result.vms) {
    const vm = store.get('VM', ref) as XenStruct;
    assert.equal(vm['power_state'], 'Halted');
    assert.ok((vm['last_booted_record'] as string).length > 1000, 'a boot record of a few KB');
    assert.ok((vm['last_booted_record'] as string).startsWith("('struct' ('uuid' "));
    assert.ok(Object.keys(vm['platform'] as XenStruct).length >= 5);
    assert.ok(Object.keys(vm['other_config'] as XenStruct).length >= 5);
    assert.ok(store.has('VM_metrics', vm['metrics'] as string));
    assert.ok(store.has('VM_guest_metrics', vm['guest_metrics'] as string));
    assert.notEqual(vm['affinity'], 'OpaqueRef:NULL');
    assert.equal(refs(vm['VBDs']).length, 1);
    assert.equal(refs(vm['VIFs']).length, 1);
  }
  const more = addSyntheticVms(store, model, 2);
  assert.equal(store.get('VM', more.vms[1] ?? '')?.['name_label'], 'synth-00027', 'numbering continues');
});

test('synthetic VMs keep two-way references consistent and are deterministic', () => {
  const { store } = build(30);
  for (const [one, many] of buildRelations(model).pairs()) {
    for (const [ref, rec] of store.all(one.cls)) {
      const target = rec[one.field];
      if (typeof target !== 'string' || target === 'OpaqueRef:NULL') continue;
      assert.ok(refs(store.get(many.cls, target)?.[many.field]).includes(ref), `${many.cls}.${many.field} lacks ${ref}`);
    }
  }
  const again = build(30).store;
  for (const cls of store.tables()) assert.deepEqual([...store.all(cls)], [...again.all(cls)], cls);
});
