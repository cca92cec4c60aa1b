import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NULL_REF } from '../../src/model/values.js';
import { cloneVm } from '../../src/server/sim/copies.js';
import { assertConsistent, refs, startSim, type Sim } from './harness.js';

const macOk = (mac: string): boolean => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac) && (parseInt(mac.slice(0, 2), 16) & 3) === 2;

function disksOf(s: Sim, vm: string): string[] {
  return refs(s.get('VM', vm)['VBDs']).map((vbd) => s.get('VBD', vbd)['VDI'] as string);
}
function macsOf(s: Sim, vm: string): string[] {
  return refs(s.get('VM', vm)['VIFs']).map((vif) => s.get('VIF', vif)['MAC'] as string);
}
function allMacs(s: Sim): string[] {
  return Array.from(s.xapi.context.store.all('VIF'), ([, v]) => v['MAC'] as string);
}

describe('clone, copy, snapshot, checkpoint, revert, destroy', () => {
  test('clone: a Halted copy with new VBDs, CoW VDIs on the same SR and NICs with new unique MACs', async () => {
    const s = startSim();
    const dev = s.vm('dev01');
    const before = { vbds: refs(s.get('VM', dev)['VBDs']), disks: disksOf(s, dev), macs: macsOf(s, dev) };
    const clone = await s.ok('VM.clone', dev, 'dev02') as string;
    const rec = s.get('VM', clone);
    assert.equal(rec['name_label'], 'dev02');
    assert.equal(rec['power_state'], 'Halted');
    assert.equal(rec['is_a_template'], false);
    assert.notEqual(rec['uuid'], s.get('VM', dev)['uuid']);
    assert.ok(refs(rec['allowed_operations']).includes('start'));
    const [disk] = disksOf(s, clone);
    assert.ok(disk !== undefined && !before.disks.includes(disk));
    assert.equal(s.get('VDI', disk)['SR'], s.get('VDI', before.disks[0] as string)['SR']);
    assert.ok(refs(s.get('SR', s.get('VDI', disk)['SR'] as string)['VDIs']).includes(disk));
    const [mac] = macsOf(s, clone);
    assert.ok(mac !== undefined && macOk(mac) && !before.macs.includes(mac), `new locally administered MAC ${mac}`);
    assert.equal(allMacs(s).filter((m) => m === mac).length, 1);
    assert.notEqual(rec['metrics'], s.get('VM', dev)['metrics']);
    assert.deepEqual(refs(s.get('VM', dev)['VBDs']), before.vbds, 'the original keeps its devices');
    assert.deepEqual(disksOf(s, dev), before.disks);
    assertConsistent(s);
  });

  test('a template\'s clone is a template; a running VM cannot be cloned', async () => {
    const s = startSim();
    const clone = await s.ok('VM.clone', s.vm('Debian 12'), 'my template') as string;
    assert.equal(s.get('VM', clone)['is_a_template'], true);
    const web = s.vm('web01');
    assert.deepEqual(await s.fails('VM.clone', web, 'x'), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
    assert.deepEqual(await s.fails('VM.copy', web, 'x', NULL_REF), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
  });

  test('cloneVm (the customization hook) returns the VDI and VIF maps', () => {
    const s = startSim();
    const dev = s.vm('dev01');
    const made = cloneVm(s.xapi.context, dev, 'dev03');
    assert.deepEqual([...made.vdiMap.keys()], disksOf(s, dev));
    assert.deepEqual([...made.vdiMap.values()], disksOf(s, made.vmRef));
    assert.deepEqual([...made.vifMap.values()], refs(s.get('VM', made.vmRef)['VIFs']));
  });

  test('copy: full copies on the given SR (or the disks\' own SRs)', async () => {
    const s = startSim();
    const mail = s.vm('mail01');
    const local = s.pool.localSrs.get('host1') as string;
    const [orig] = disksOf(s, mail);
    const copy = await s.ok('VM.copy', mail, 'mail02', local) as string;
    const [disk] = disksOf(s, copy);
    assert.equal(s.get('VDI', disk as string)['SR'], local);
    assert.equal(s.get('VDI', disk as string)['physical_utilisation'], s.get('VDI', orig as string)['physical_utilisation']);
    assert.ok(refs(s.get('SR', local)['VDIs']).includes(disk as string));
    const same = await s.ok('VM.copy', mail, 'mail03', NULL_REF) as string;
    assert.equal(s.get('VDI', disksOf(s, same)[0] as string)['SR'], s.get('VDI', orig as string)['SR']);
    assertConsistent(s);
  });

  test('snapshot: is_a_snapshot, snapshot_of, snapshot_time, the parent\'s snapshots, same MACs', async () => {
    const s = startSim();
    const web = s.vm('web01');
    const snap = await s.ok('VM.snapshot', web, 'before upgrade') as string;
    const rec = s.get('VM', snap);
    assert.equal(rec['is_a_snapshot'], true);
    assert.equal(rec['is_a_template'], true);
    assert.equal(rec['snapshot_of'], web);
    assert.equal(rec['power_state'], 'Halted');
    assert.ok((rec['snapshot_time'] as Date).getTime() > 0);
    assert.deepEqual(refs(s.get('VM', web)['snapshots']), [snap]);
    assert.deepEqual(macsOf(s, snap), macsOf(s, web));
    const [vdi] = disksOf(s, snap);
    assert.equal(s.get('VDI', vdi as string)['is_a_snapshot'], true);
    assert.equal(s.get('VDI', vdi as string)['snapshot_of'], disksOf(s, web)[0]);
    assert.ok(refs(s.get('VDI', disksOf(s, web)[0] as string)['snapshots']).includes(vdi as string));
    assert.deepEqual(await s.fails('VM.start', snap, false, false), ['VM_IS_SNAPSHOT', snap, 'start']);
    assert.equal(s.get('VM', web)['power_state'], 'Running', 'a snapshot does not stop the VM');
    assertConsistent(s);
  });

  test('snapshot ignore_vdis leaves those disks out', async () => {
    const s = startSim();
    const web = s.vm('web01');
    const snap = await s.ok('VM.snapshot', web, 'no disks', disksOf(s, web)) as string;
    assert.deepEqual(refs(s.get('VM', snap)['VBDs']), []);
    assert.equal(refs(s.get('VM', snap)['VIFs']).length, 1);
  });

  test('checkpoint: a Suspended snapshot with a memory image', async () => {
    const s = startSim();
    const web = s.vm('web01');
    const cp = await s.ok('VM.checkpoint', web, 'cp') as string;
    assert.equal(s.get('VM', cp)['power_state'], 'Suspended');
    assert.equal(s.get('VDI', s.get('VM', cp)['suspend_VDI'] as string)['type'], 'suspend');
    assert.equal(s.get('VM', web)['power_state'], 'Running');
    assert.deepEqual(await s.fails('VM.checkpoint', s.vm('mail01'), 'x'),
      ['VM_BAD_POWER_STATE', s.vm('mail01'), 'paused, suspended, running', 'halted']);
    const build = s.vm('build01');
    const fromSuspended = await s.ok('VM.checkpoint', build, 'cp2') as string;
    assert.equal(s.get('VM', fromSuspended)['power_state'], 'Suspended');
    assert.equal(s.get('VM', build)['power_state'], 'Suspended');
    assertConsistent(s);
  });

  test('revert: the VM gets the snapshot\'s disks (fresh clones), NICs and configuration back', async () => {
    const s = startSim();
    const web = s.vm('web01');
    const snap = await s.ok('VM.snapshot', web, 'snap') as string;
    const oldDisks = disksOf(s, web);
    const macs = macsOf(s, web);
    await s.ok('VM.hard_shutdown', web);
    await s.ok('VM.set_memory_limits', web, 1n * 1024n ** 3n, 8n * 1024n ** 3n, 8n * 1024n ** 3n, 8n * 1024n ** 3n);
    await s.ok('VM.revert', snap);
    const rec = s.get('VM', web);
    assert.equal(rec['power_state'], 'Halted');
    assert.equal(rec['memory_static_max'], 4n * 1024n ** 3n);
    const [disk] = disksOf(s, web);
    assert.ok(disk !== undefined && !oldDisks.includes(disk) && !disksOf(s, snap).includes(disk));
    for (const d of oldDisks) assert.equal(s.xapi.context.store.get('VDI', d), undefined, 'the old disk is gone');
    assert.deepEqual(macsOf(s, web), macs);
    assert.deepEqual(refs(rec['snapshots']), [snap]);
    assert.equal((await s.fails('VM.revert', s.vm('mail01')))[0], 'OPERATION_NOT_ALLOWED');
    const cp = await s.ok('VM.checkpoint', s.vm('web02'), 'cp') as string;
    await s.ok('VM.hard_shutdown', s.vm('web02'));
    await s.ok('VM.revert', cp);
    assert.equal(s.get('VM', s.vm('web02'))['power_state'], 'Suspended');
    await s.ok('VM.resume', s.vm('web02'), false, false);
    assertConsistent(s);
  });

  test('destroy: Halted only; VBDs, VIFs and metrics go, VDIs stay', async () => {
    const s = startSim();
    const web = s.vm('web01');
    assert.deepEqual(await s.fails('VM.destroy', web), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
    const mail = s.vm('mail01');
    const rec = s.get('VM', mail);
    const vbds = refs(rec['VBDs']);
    const vifs = refs(rec['VIFs']);
    const disks = disksOf(s, mail);
    const net = s.get('VIF', vifs[0] as string)['network'] as string;
    await s.ok('VM.destroy', mail);
    const store = s.xapi.context.store;
    assert.equal(store.get('VM', mail), undefined);
    for (const v of vbds) assert.equal(store.get('VBD', v), undefined);
    for (const v of vifs) assert.equal(store.get('VIF', v), undefined);
    assert.equal(store.get('VM_metrics', rec['metrics'] as string), undefined);
    for (const d of disks) assert.deepEqual(refs(s.get('VDI', d)['VBDs']), []);
    assert.ok(!refs(s.get('network', net)['VIFs']).some((v) => vifs.includes(v)));
    assertConsistent(s);
  });

  test('VDI clone, snapshot, copy and destroy', async () => {
    const s = startSim();
    const [disk] = disksOf(s, s.vm('mail01'));
    const vdi = disk as string;
    const clone = await s.ok('VDI.clone', vdi, {}) as string;
    assert.equal(s.get('VDI', clone)['SR'], s.get('VDI', vdi)['SR']);
    const snap = await s.ok('VDI.snapshot', vdi, {}) as string;
    assert.equal(s.get('VDI', snap)['snapshot_of'], vdi);
    const local = s.pool.localSrs.get('host3') as string;
    const copy = await s.ok('VDI.copy', vdi, local, NULL_REF, NULL_REF) as string;
    assert.equal(s.get('VDI', copy)['SR'], local);
    const [running] = disksOf(s, s.vm('web01'));
    assert.deepEqual(await s.fails('VDI.destroy', running as string), ['VDI_IN_USE', running, 'destroy']);
    await s.ok('VDI.destroy', vdi);
    assert.equal(s.xapi.context.store.get('VDI', vdi), undefined);
    assert.deepEqual(refs(s.get('VM', s.vm('mail01'))['VBDs']), []);
    assert.equal(s.get('VDI', snap)['snapshot_of'], NULL_REF);
    assertConsistent(s);
  });
});

describe('clone customization hook and VM records', () => {
  test('a non-empty customization map needs a customizer: NOT_IMPLEMENTED', async () => {
    const s = startSim();
    assert.deepEqual(await s.fails('VM.clone', s.vm('dev01'), 'x', { hostname: 'x' }), ['NOT_IMPLEMENTED', 'VM.clone customization']);
    assert.deepEqual(await s.ok('VM.get_by_name_label', 'x'), []);
  });

  test('the customizer sees the clone; when it fails the clone and its disks are undone', async () => {
    const seen: string[] = [];
    const s = startSim({ sim: { customizeClone: (_call, made, map) => {
      seen.push(made.vmRef);
      if (map['hostname'] === 'bad') throw new Error('refused');
    } } });
    const dev = s.vm('dev01');
    const good = await s.ok('VM.clone', dev, 'good', { hostname: 'good' }) as string;
    assert.deepEqual(seen, [good]);
    const vdis = s.xapi.context.store.count('VDI');
    const vms = s.xapi.context.store.count('VM');
    const e = await s.fails('VM.clone', dev, 'bad', { hostname: 'bad' });
    assert.deepEqual(e, ['INTERNAL_ERROR', 'refused']);
    assert.equal(s.xapi.context.store.count('VDI'), vdis);
    assert.equal(s.xapi.context.store.count('VM'), vms);
    assertConsistent(s);
  });

  test('VM.create gets metrics, domid -1 and its allowed operations; set_is_a_template needs Halted', async () => {
    const s = startSim();
    const vm = await s.ok('VM.create', { name_label: 'new', memory_static_max: 1073741824n, memory_dynamic_max: 1073741824n,
      memory_dynamic_min: 1073741824n, memory_static_min: 1073741824n, VCPUs_max: 1n, VCPUs_at_startup: 1n }) as string;
    const rec = s.get('VM', vm);
    assert.equal(rec['domid'], -1n);
    assert.ok(s.xapi.context.store.has('VM_metrics', rec['metrics'] as string));
    assert.ok(refs(rec['allowed_operations']).includes('start'));
    await s.ok('VM.start', vm, false, false);
    assert.equal(s.get('VM', vm)['power_state'], 'Running');
    assert.deepEqual(await s.fails('VM.set_is_a_template', vm, true), ['VM_BAD_POWER_STATE', vm, 'halted', 'running']);
    await s.ok('VM.hard_shutdown', vm);
    await s.ok('VM.set_is_a_template', vm, true);
    assert.ok(!refs(s.get('VM', vm)['allowed_operations']).includes('start'));
  });
});

describe('provision and device numbers', () => {
  test('VM.provision makes the disks other_config:disks describes', async () => {
    const s = startSim();
    const clone = await s.ok('VM.clone', s.vm('Debian 12'), 'installed') as string;
    const sr = s.get('SR', s.pool.sharedSr)['uuid'] as string;
    await s.ok('VM.add_to_other_config', clone, 'disks',
      `<provision><disk device="1" size="1073741824" sr="${sr}" bootable="false" type="system"/></provision>`);
    const before = refs(s.get('VM', clone)['VBDs']).length;
    await s.ok('VM.provision', clone);
    const vbds = refs(s.get('VM', clone)['VBDs']);
    assert.equal(vbds.length, before + 1);
    const added = vbds.map((v) => s.get('VBD', v)).find((v) => v['userdevice'] === '1');
    assert.equal(s.get('VDI', added?.['VDI'] as string)['virtual_size'], 1073741824n);
    assert.equal((s.get('VM', clone)['other_config'] as Record<string, string>)['disks'], undefined);
    assert.equal(s.get('VM', clone)['is_a_template'], false, 'provision makes the template clone a VM');
    assert.ok(refs(s.get('VM', clone)['allowed_operations']).includes('start'));
    assert.deepEqual((await s.ok('VM.get_allowed_VBD_devices', clone) as string[]).slice(0, 2), ['2', '3']);
    assert.deepEqual((await s.ok('VM.get_allowed_VIF_devices', clone) as string[])[0], '1');
    assertConsistent(s);
  });
});
