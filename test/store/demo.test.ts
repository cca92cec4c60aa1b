import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { getModel } from '../../src/model/index.js';
import type { XenStruct, XenType, XenValue } from '../../src/model/types.js';
import { buildRelations } from '../../src/server/relations.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import type { ObjectStore } from '../../src/server/store/types.js';

const model = getModel();
const GiB = 1024n ** 3n;

function seeded(): { store: ObjectStore; demo: ReturnType<typeof seedDemoPool> } {
  const store = openMemoryStore();
  return { store, demo: seedDemoPool(store, model) };
}

function byName(store: ObjectStore, cls: string, name: string): [string, XenStruct] {
  const hit = [...store.all(cls)].find(([, r]) => r['name_label'] === name);
  assert.ok(hit !== undefined, `${cls} ${name}`);
  return hit;
}

const refs = (v: XenValue | undefined): readonly string[] => (v ?? []) as readonly string[];

test('demo pool: pool, hosts with their capabilities, control domains and master', () => {
  const { store } = seeded();
  assert.equal(store.count('pool'), 1);
  const [, pool] = [...store.all('pool')][0] ?? [];
  assert.equal(pool?.['name_label'], 'demo');
  const expected = [['host1', 64n, 16n, true, 10000n], ['host2', 32n, 8n, false, 10000n], ['host3', 16n, 4n, true, 1000n]] as const;
  for (const [name, mem, cpus, tpm, bw] of expected) {
    const [ref, host] = byName(store, 'host', name);
    assert.equal(host['memory_total'], mem * GiB, name);
    assert.equal(host['cpu_count'], cpus, name);
    assert.equal(host['tpm'], tpm, name);
    assert.equal(host['bandwidth'], bw, name);
    assert.equal(refs(host['host_CPUs']).length, Number(cpus));
    const speeds = refs(host['PIFs']).map((p) => store.get('PIF_metrics', store.get('PIF', p)?.['metrics'] as string)?.['speed']);
    assert.deepEqual(speeds, [bw, bw]);
    const dom0 = store.get('VM', host['control_domain'] as string);
    assert.equal(dom0?.['is_control_domain'], true);
    assert.equal(dom0?.['power_state'], 'Running');
    assert.equal(dom0?.['resident_on'], ref);
    assert.equal(store.get('host_metrics', host['metrics'] as string)?.['memory_total'], mem * GiB);
    if (name === 'host1') assert.equal(pool?.['master'], ref);
  }
  assert.deepEqual([...store.all('network')].map(([, n]) => [n['name_label'], n['bandwidth']]),
    [['Pool-wide network 0', 10000n], ['Storage network', 10000n]]);
  const srs = [...store.all('SR')].map(([, r]) => [r['name_label'], r['shared'], refs(r['PBDs']).length]);
  assert.deepEqual(srs, [['Shared storage', true, 3], ['Local storage on host1', false, 1],
    ['Local storage on host2', false, 1], ['Local storage on host3', false, 1]]);
});

test('demo pool: VMs, states, profiles, requirements, templates', () => {
  const { store } = seeded();
  const guests = [...store.all('VM')].map(([, r]) => r).filter((r) => r['is_control_domain'] === false);
  assert.deepEqual(guests.map((r) => [r['name_label'], r['power_state'], r['is_a_template']]), [
    ['Debian 12', 'Halted', true], ['Ubuntu 24.04', 'Halted', true],
    ['web01', 'Running', false], ['web02', 'Running', false], ['db01', 'Running', false], ['mail01', 'Halted', false],
    ['dev01', 'Halted', false], ['build01', 'Suspended', false], ['test01', 'Running', false],
    ['test02', 'Running', false], ['test03', 'Running', false], ['test04', 'Paused', false],
    ['test05', 'Halted', false], ['test06', 'Halted', false],
  ]);
  const profile = (n: string): XenValue | undefined => byName(store, 'VM', n)[1]['profile'];
  assert.deepEqual(profile('web01'), ['web server']);
  assert.deepEqual(profile('web02'), ['web server']);
  assert.deepEqual(profile('db01'), ['dbms host']);
  assert.deepEqual(profile('mail01'), ['sendmail switch']);
  assert.deepEqual(profile('dev01'), ['devel workstation']);
  const [, db01] = byName(store, 'VM', 'db01');
  assert.equal(db01['requires_tpm'], true);
  assert.equal(db01['requires_bandwidth'], 10000n);
  // db01 qualifies on host1 only: host2 lacks a TPM, host3 is too slow, and host1 has the memory.
  const [host1Ref, host1] = byName(store, 'host', 'host1');
  assert.equal(db01['resident_on'], host1Ref);
  assert.ok((host1['memory_free'] as bigint) >= (db01['memory_static_max'] as bigint));
  assert.equal(byName(store, 'host', 'host2')[1]['tpm'], false);
  assert.ok((byName(store, 'host', 'host3')[1]['bandwidth'] as bigint) < 10000n);
  const [, build01] = byName(store, 'VM', 'build01');
  assert.equal(store.get('VDI', build01['suspend_VDI'] as string)?.['type'], 'suspend');
});

test('demo pool: running VMs are placed and accounted; every VM has a root disk and a NIC', () => {
  const { store, demo } = seeded();
  const net0 = byName(store, 'network', 'Pool-wide network 0')[0];
  for (const [ref, vm] of store.all('VM')) {
    const running = vm['power_state'] === 'Running' || vm['power_state'] === 'Paused';
    if (running) {
      assert.notEqual(vm['resident_on'], 'OpaqueRef:NULL', vm['name_label'] as string);
      assert.ok(refs(store.get('host', vm['resident_on'] as string)?.['resident_VMs']).includes(ref));
      assert.ok((vm['domid'] as bigint) >= 0n);
      assert.ok(store.has('VM_metrics', vm['metrics'] as string));
    } else {
      assert.equal(vm['resident_on'], 'OpaqueRef:NULL');
      assert.equal(vm['domid'], -1n);
    }
    if (running && vm['is_control_domain'] === false) {
      const gm = store.get('VM_guest_metrics', vm['guest_metrics'] as string);
      assert.match((gm?.['networks'] as XenStruct)['0/ip'] as string, /^192\.0\.2\.\d+$/);
    }
    if (vm['is_control_domain'] === true) continue;
    const [vbd] = refs(vm['VBDs']);
    const vdi = store.get('VDI', store.get('VBD', vbd ?? '')?.['VDI'] as string);
    assert.ok(vdi !== undefined && store.has('SR', vdi['SR'] as string), `${String(vm['name_label'])} root disk`);
    assert.ok(demo.guestFiles.get(store.get('VBD', vbd ?? '')?.['VDI'] as string)?.get('/etc/hostname') !== undefined);
    const [vif] = refs(vm['VIFs']);
    const nic = store.get('VIF', vif ?? '');
    assert.equal(nic?.['network'], net0);
    assert.match(nic?.['MAC'] as string, /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  }
  for (const [, host] of store.all('host')) {
    let used = 0n;
    for (const vm of refs(host['resident_VMs'])) used += store.get('VM', vm)?.['memory_static_max'] as bigint;
    assert.equal(host['memory_free'], (host['memory_total'] as bigint) - used, host['name_label'] as string);
  }
  assert.deepEqual([...store.all('host')].map(([, h]) => (h['memory_free'] as bigint) / GiB), [40n, 22n, 12n]);
});

test('demo pool: every two-way reference is consistent', () => {
  const { store } = seeded();
  const relations = buildRelations(model);
  let checked = 0;
  for (const [one, many] of relations.pairs()) {
    for (const [ref, rec] of store.all(one.cls)) {
      const target = rec[one.field];
      if (typeof target !== 'string' || target === 'OpaqueRef:NULL') continue;
      const other = store.get(many.cls, target);
      assert.ok(other !== undefined, `${one.cls}.${one.field} of ${ref} points at a missing ${many.cls}`);
      assert.ok(refs(other[many.field]).includes(ref), `${many.cls}.${many.field} lacks ${ref}`);
      checked += 1;
    }
    for (const [ref, rec] of store.all(many.cls)) {
      for (const member of refs(rec[many.field])) {
        assert.equal(store.get(one.cls, member)?.[one.field], ref, `${one.cls} ${member}.${one.field}`);
      }
    }
  }
  assert.ok(checked > 100, `checked ${checked} references`);
  for (const [, vm] of store.all('VM')) assert.ok(store.has('VM_metrics', vm['metrics'] as string));
  for (const [, pif] of store.all('PIF')) assert.ok(store.has('PIF_metrics', pif['metrics'] as string));
});

test('demo pool: two seeds give identical records and guest files', () => {
  const a = seeded();
  const b = seeded();
  assert.deepEqual([...a.store.tables()], [...b.store.tables()]);
  for (const cls of a.store.tables()) assert.deepEqual([...a.store.all(cls)], [...b.store.all(cls)], cls);
  assert.deepEqual([...a.demo.guestFiles], [...b.demo.guestFiles]);
  const uuids = new Set<string>();
  for (const cls of a.store.tables()) for (const [, r] of a.store.all(cls)) uuids.add(r['uuid'] as string);
  const total = [...a.store.tables()].reduce((n, cls) => n + a.store.count(cls), 0);
  assert.equal(uuids.size, total, 'uuids are unique');
});

test('demo pool without extensions has no extension fields', () => {
  const store = openMemoryStore();
  seedDemoPool(store, getModel({ extensions: false }), { guestFiles: false });
  const vm = [...store.all('VM')][0]?.[1];
  assert.ok(vm !== undefined && !('profile' in vm) && !('requires_tpm' in vm));
  assert.ok(!('tpm' in ([...store.all('host')][0]?.[1] ?? {})));
});

function conforms(type: XenType, v: XenValue): boolean {
  switch (type.kind) {
    case 'string': case 'ref': return typeof v === 'string';
    case 'enum': return typeof v === 'string' && (model.enums.get(type.name)?.values.includes(v) ?? false);
    case 'int': return typeof v === 'bigint';
    case 'float': return typeof v === 'number';
    case 'bool': return typeof v === 'boolean';
    case 'datetime': return v instanceof Date && !Number.isNaN(v.getTime());
    case 'set': return Array.isArray(v) && (v as readonly XenValue[]).every((x) => conforms(type.of, x));
    case 'map': return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) &&
      Object.values(v as XenStruct).every((x) => conforms(type.value, x));
    default: return true;
  }
}

test('demo pool: every value has its field type (enums in range) and every ref resolves', () => {
  const { store } = seeded();
  for (const cls of store.tables()) {
    const def = model.classes.get(cls);
    assert.ok(def !== undefined, cls);
    for (const [ref, rec] of store.all(cls)) {
      for (const f of def.fields) {
        if (f.lifecycle === 'removed') continue;
        const v = rec[f.name];
        assert.ok(v !== undefined && conforms(f.type, v), `${cls}.${f.name} of ${ref}: ${inspect(v)}`);
        if (f.type.kind === 'ref' && v !== 'OpaqueRef:NULL' && store.tables().next().done === false) {
          const target = f.type.cls;
          if (['VM', 'host', 'SR', 'VDI', 'network', 'PIF', 'VBD', 'VIF', 'pool'].includes(target)) {
            assert.ok(store.has(target, v as string), `${cls}.${f.name} of ${ref} -> missing ${target}`);
          }
        }
      }
    }
  }
});

test('demo pool: each seeded VM, template and snapshot allows what the simulator would allow it', async () => {
  const { allowedOps } = await import('../../src/server/sim/vm-ops.js');
  const { store } = seeded();
  let templates = 0;
  for (const [, vm] of store.all('VM')) {
    if (vm['is_control_domain'] === true) continue;
    if (vm['is_a_template'] === true) templates += 1;
    assert.deepEqual([...refs(vm['allowed_operations'])].sort(), allowedOps({ model }, vm).sort(), String(vm['name_label']));
  }
  assert.ok(templates > 0);
});
