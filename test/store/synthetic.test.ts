import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { buildRelations } from '../../src/server/relations.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { addSyntheticVms } from '../../src/server/seed/synthetic.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { writeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';

const model = getModel();
const NULL = 'OpaqueRef:NULL';

function build(n: number) {
  const store = openMemoryStore();
  seedDemoPool(store, model, { guestFiles: false });
  const result = addSyntheticVms(store, model, n);
  return { store, result };
}

const refs = (v: XenValue | undefined): readonly string[] => (v ?? []) as readonly string[];
const keys = (v: XenValue | undefined): string[] => Object.keys((v ?? {}) as XenStruct);

test('synthetic VMs are full records with disks, NICs and metrics, in the mix of a real pool', () => {
  const { store, result } = build(30);
  assert.equal(result.vms.length, 30);
  assert.equal(store.count('VM'), 17 + 30);
  assert.equal(store.get('VM', result.vms[0] ?? '')?.['name_label'], 'synth-00001');
  let ran = 0;
  let imported = 0;
  for (const ref of result.vms) {
    const vm = store.get('VM', ref) as XenStruct;
    assert.equal(vm['power_state'], 'Halted');
    assert.ok(keys(vm['platform']).length >= 5);
    assert.ok(keys(vm['other_config']).includes('mac_seed'));
    assert.ok(store.has('VM_metrics', vm['metrics'] as string));
    assert.notEqual(vm['affinity'], NULL);
    assert.equal(refs(vm['VBDs']).length, 1);
    assert.equal(refs(vm['VIFs']).length, 1);
    assert.ok((vm['allowed_operations'] as readonly string[]).includes('start'));
    const boot = vm['last_booted_record'] as string;
    if (vm['guest_metrics'] !== NULL) {
      // Ran before: its boot record, its BIOS strings and its guest metrics stay.
      ran += 1;
      assert.ok(store.has('VM_guest_metrics', vm['guest_metrics'] as string));
      assert.ok(boot.length > 1000 && boot.startsWith("('struct' ('uuid' "), 'a boot record of about 1 KB');
      assert.ok(keys(vm['bios_strings']).length > 5);
    } else {
      assert.equal(boot, '', 'a VM that never ran has no boot record');
      assert.deepEqual(keys(vm['bios_strings']), []);
    }
    if (vm['recommendations'] === '') {
      imported += 1;
      assert.ok(!keys(vm['other_config']).includes('base_template_name'));
    }
  }
  assert.equal(ran, 3, 'one VM in ten ran before');
  assert.equal(imported, 12, 'four in ten were imported');
  const more = addSyntheticVms(store, model, 2);
  assert.equal(store.get('VM', more.vms[1] ?? '')?.['name_label'], 'synth-00032', 'numbering continues');
});

test('a synthetic VM makes 7.5 to 9 KB of XML-RPC, so 10,000 of them reply about 80 MB', () => {
  const { store, result } = build(100);
  const records: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  for (const ref of result.vms) records[ref] = store.get('VM', ref) as XenStruct;
  let bytes = 0;
  writeXmlRpcResponse({ ok: true, value: records }, (chunk) => {
    bytes += Buffer.byteLength(chunk);
  });
  const perVm = bytes / result.vms.length;
  assert.ok(perVm > 7500 && perVm < 9000, `${perVm.toFixed(0)} bytes per VM`);
});

test('synthetic VMs keep two-way references consistent and are deterministic', () => {
  const { store } = build(30);
  for (const [one, many] of buildRelations(model).pairs()) {
    for (const [ref, rec] of store.all(one.cls)) {
      const target = rec[one.field];
      if (typeof target !== 'string' || target === NULL) continue;
      assert.ok(refs(store.get(many.cls, target)?.[many.field]).includes(ref), `${many.cls}.${many.field} lacks ${ref}`);
    }
  }
  const again = build(30).store;
  for (const cls of store.tables()) assert.deepEqual([...store.all(cls)], [...again.all(cls)], cls);
});
