import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { getModel, zeroValue } from '../../src/model/index.js';
import type { FieldDef, XenStruct, XenValue } from '../../src/model/types.js';
import { importDb } from '../../src/server/store/import.js';
import { openMemoryStore } from '../../src/server/store/memory.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/db/small-pool.xml', import.meta.url));
const model = getModel();

function plain(v: XenValue | undefined): unknown {
  if (v === undefined || typeof v !== 'object' || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x: XenValue) => plain(x));
  return Object.fromEntries(Object.entries(v as XenStruct).map(([k, x]) => [k, plain(x)]));
}

const POOL = 'OpaqueRef:aaaa0001-0000-4000-8000-000000000001';
const HOST = 'OpaqueRef:bbbb0001-0000-4000-8000-000000000001';
const METRICS = 'OpaqueRef:dddd0001-0000-4000-8000-000000000001';
const DOM0 = 'OpaqueRef:cccc0001-0000-4000-8000-000000000001';
const TEMPLATE = 'OpaqueRef:cccc0002-0000-4000-8000-000000000002';

async function imported() {
  const store = openMemoryStore();
  const summary = await importDb(store, fixture, model);
  return { store, summary };
}

test('import keeps refs and uuids and counts what it loaded', async () => {
  const { store, summary } = await imported();
  assert.deepEqual(summary, { tables: 5, objects: 6, generation: 1234 });
  assert.deepEqual([...store.tables()], ['pool', 'host', 'host_metrics', 'VM', 'xapi_private_thing']);
  assert.deepEqual([...store.all('VM')].map(([ref]) => ref), [DOM0, TEMPLATE]);
  assert.equal(store.refByUuid('VM', '44444444-0000-4000-8000-000000000002'), TEMPLATE);
  assert.equal(store.refByUuid('host', '22222222-0000-4000-8000-000000000001'), HOST);
});

test('import types every field by the model: namespaced names, ints, bools, floats, dates, sets, maps', async () => {
  const { store } = await imported();
  const pool = store.get('pool', POOL);
  assert.equal(pool?.['name_label'], 'fixture pool');
  assert.equal(pool?.['master'], HOST);
  assert.deepEqual(plain(pool?.['other_config']), { 'memory-ratio-hvm': '0.25', cpuid_feature_mask: 'ffffff7f-ffffffff-ffffffff-ffffffff' });
  assert.equal(pool?.['ha_enabled'], false);

  const host = store.get('host', HOST);
  assert.equal(host?.['API_version_major'], 2n);
  assert.equal(host?.['API_version_vendor'], 'XenSource');
  assert.equal(host?.['memory_overhead'], 194228224n);
  assert.equal(host?.['enabled'], true);
  assert.deepEqual(host?.['resident_VMs'], [DOM0, TEMPLATE]);
  assert.deepEqual(plain(host?.['software_version']), { product_version: '8.2.1', hostname: 'fixture-host', 'xs:main': 'Base Pack, version 8.2.1' });
  assert.deepEqual(plain(host?.['cpu_info']), { cpu_count: '8', modelname: 'Intel(R) Xeon(R) CPU @ 2.67GHz' });
  assert.equal(host?.['future_field'], 'kept as a string');
  assert.equal('_ref' in (host ?? {}), false);
  assert.equal('__ctime' in (host ?? {}), false);

  const metrics = store.get('host_metrics', METRICS);
  assert.equal(metrics?.['memory_total'], 34359738368n);
  assert.equal(metrics?.['memory_free'], 9223372036854775807n, '64-bit ints stay exact');
  assert.deepEqual(metrics?.['last_updated'], new Date('2025-03-19T04:16:24Z'));

  const dom0 = store.get('VM', DOM0);
  assert.equal(dom0?.['name_label'], 'Control domain on host: fixture-host');
  assert.equal(dom0?.['power_state'], 'Running');
  assert.equal(dom0?.['is_control_domain'], true);
  assert.equal(dom0?.['domid'], 0n);
  assert.equal(dom0?.['memory_static_max'], 789839872n);
  assert.equal(dom0?.['memory_target'], 412090368n);
  assert.equal(dom0?.['VCPUs_max'], 8n);
  assert.equal(dom0?.['actions_after_crash'], 'restart');
  assert.equal(dom0?.['HVM_shadow_multiplier'], 1.5);
  assert.equal(dom0?.['start_delay'], -1n);
  assert.deepEqual(plain(dom0?.['other_config']), { perfmon: '<config><variable><name value="fs_usage"/></variable></config>' });
  assert.deepEqual(dom0?.['tags'], ["it's", 'back\\slash', 'dq "x"', 'amp & co']);
  assert.equal(dom0?.['last_booted_record'], "('struct' ('uuid' '44444444-0000-4000-8000-000000000001') ('name_label' 'dom0'))");

  const template = store.get('VM', TEMPLATE);
  assert.equal(template?.['name_label'], 'web <01> & "friends"');
  assert.equal(template?.['name_description'], 'line one\nline two');
  assert.equal(template?.['is_a_template'], true);
  assert.deepEqual(template?.['snapshot_time'], new Date('2012-10-18T09:57:13Z'));
  assert.deepEqual(plain(template?.['other_config']), {
    default_template: 'true', disks: '<provision><disk device="0" size="8589934592"/></provision>', empty: '',
  });
  assert.deepEqual(plain(template?.['platform']), { acpi: '1', nx: 'true' });
  assert.deepEqual(template?.['allowed_operations'], ['clone', 'export']);
});

test('fields a row lacks take the model default; unknown tables stay strings', async () => {
  const { store } = await imported();
  const template = store.get('VM', TEMPLATE);
  const vm = model.classes.get('VM');
  assert.ok(vm !== undefined && template !== undefined);
  for (const name of ['memory_static_max', 'domid', 'actions_after_crash', 'VCPUs_params', 'resident_on', 'profile', 'tags']) {
    const field: FieldDef | undefined = vm.fields.find((f) => f.name === name);
    assert.ok(field !== undefined, name);
    assert.deepEqual(plain(template[name]), plain(field.default ?? zeroValue(field.type, model.enums)), name);
  }
  for (const field of vm.fields) if (field.lifecycle !== 'removed') assert.ok(field.name in template, field.name);
  assert.deepEqual(plain(store.get('xapi_private_thing', 'OpaqueRef:eeee0001-0000-4000-8000-000000000001')),
    { colour: 'blue', size: '42' });
});

test('import refuses a non-empty store unless asked to replace', async () => {
  const store = openMemoryStore();
  store.create('VM', 'OpaqueRef:old', { uuid: 'old', name_label: 'old' });
  await assert.rejects(importDb(store, fixture, model), /already holds objects/);
  assert.equal(store.count('host'), 0);
  await importDb(store, fixture, model, { replace: true });
  assert.equal(store.has('VM', 'OpaqueRef:old'), false);
  assert.equal(store.refByUuid('VM', 'old'), undefined);
  assert.equal(store.count('VM'), 2);
});

test('an import into a state directory is durable and reads back the same through state.db', async (t) => {
  const { mkdtempSync, rmSync, unlinkSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openStore } = await import('../../src/server/store/open.js');
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore(dir, { model, pid: 1 });
  await importDb(store, fixture, model);
  const dump = (s: { tables(): IterableIterator<string>; all(c: string): IterableIterator<[string, XenStruct]> }) =>
    [...s.tables()].map((cls) => [cls, [...s.all(cls)].map(([ref, rec]) => [ref, plain(rec)])]);
  const expected = dump(store);
  // Abandoned without close(): the import's snapshot must already be on disk.
  unlinkSync(join(dir, 'state.cache'));
  const again = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dump(again), expected);
  await again.close();
});
