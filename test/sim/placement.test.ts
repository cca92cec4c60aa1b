import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GiB, assertConsistent, refs, startSim } from './harness.js';
import { refreshHostCapabilities } from '../../src/server/sim/capabilities.js';
import { destroyLinked } from '../../src/server/sim/links.js';

describe('placement and host resources', () => {
  test('HOST_NOT_ENOUGH_FREE_MEMORY [needed, available] in bytes, from start_on, assert_can_boot_here and start', async () => {
    const s = startSim();
    const dev = s.vm('dev01');
    await s.ok('VM.set_memory_static_max', dev, 20n * GiB);
    assert.deepEqual(await s.fails('VM.start_on', dev, s.host('host3'), false, false),
      ['HOST_NOT_ENOUGH_FREE_MEMORY', String(20n * GiB), String(12n * GiB)]);
    assert.deepEqual(await s.fails('VM.assert_can_boot_here', dev, s.host('host3')),
      ['HOST_NOT_ENOUGH_FREE_MEMORY', '21474836480', '12884901888']);
    // xapi retries placement ignoring memory; the host it then picks (the most free, host1) fails its memory check.
    await s.ok('VM.set_memory_static_max', dev, 48n * GiB);
    assert.deepEqual(await s.fails('VM.start', dev, false, false), ['HOST_NOT_ENOUGH_FREE_MEMORY', String(48n * GiB), String(40n * GiB)]);
    assert.deepEqual(await s.ok('VM.get_possible_hosts', dev), []);
    assert.equal(s.get('VM', dev)['power_state'], 'Halted');
    // With an affinity host that passes the other checks, that is the host whose memory is reported.
    await s.ok('VM.set_affinity', dev, s.host('host3'));
    assert.deepEqual(await s.fails('VM.start', dev, false, false), ['HOST_NOT_ENOUGH_FREE_MEMORY', String(48n * GiB), String(12n * GiB)]);
  });

  test('NO_HOSTS_AVAILABLE when no host passes the checks other than memory', async () => {
    const s = startSim();
    const test01 = s.vm('test01');
    await s.ok('VM.hard_shutdown', test01);
    await s.ok('host.disable', s.host('host1'));
    // test01's disk is on host1's local SR: host1 is disabled, the others cannot see the SR.
    assert.deepEqual(await s.fails('VM.start', test01, false, false), ['NO_HOSTS_AVAILABLE']);
    assert.deepEqual(await s.fails('VM.start_on', test01, s.host('host2'), false, false),
      ['VM_REQUIRES_SR', test01, s.pool.localSrs.get('host1')]);
    assert.equal(s.get('VM', test01)['power_state'], 'Halted');
  });

  test('free memory: total - control domain - resident VMs, kept in host fields and host_metrics', async () => {
    const s = startSim();
    const h1 = s.host('host1');
    assert.equal(await s.ok('host.compute_free_memory', h1), 40n * GiB);
    assert.equal(s.get('host', h1)['memory_free'], 40n * GiB);
    assert.equal(s.get('host', h1)['memory_total'], 64n * GiB);
    await s.ok('VM.start_on', s.vm('dev01'), h1, false, false);
    assert.equal(await s.ok('host.compute_free_memory', h1), 32n * GiB);
    assert.equal(s.get('host', h1)['memory_free'], 32n * GiB);
    assert.equal(s.get('host_metrics', s.get('host', h1)['metrics'] as string)['memory_free'], 32n * GiB);
  });

  test('memory setters: static limits only while Halted, the constraint always, accounting follows', async () => {
    const s = startSim();
    const web = s.vm('web01');
    assert.deepEqual(await s.fails('VM.set_memory_static_max', web, 8n * GiB), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
    assert.deepEqual(await s.fails('VM.set_memory_dynamic_max', web, 8n * GiB),
      ['MEMORY_CONSTRAINT_VIOLATION', 'static_min <= dynamic_min <= dynamic_max <= static_max']);
    await s.ok('VM.set_memory_dynamic_range', web, 2n * GiB, 4n * GiB);
    assert.equal(s.get('VM', web)['memory_dynamic_min'], 2n * GiB);
    const mail = s.vm('mail01');
    await s.ok('VM.set_memory', mail, 6n * GiB);
    assert.equal(s.get('VM', mail)['memory_static_max'], 6n * GiB);
    await s.ok('VM.start_on', mail, s.host('host3'), false, false);
    assert.equal(s.get('host', s.host('host3'))['memory_free'], 6n * GiB);
  });

  test('affinity is a hint: the VM starts there when it can', async () => {
    const s = startSim();
    const mail = s.vm('mail01');
    await s.ok('VM.set_affinity', mail, s.host('host3'));
    await s.ok('VM.start', mail, false, false);
    assert.equal(s.get('VM', mail)['resident_on'], s.host('host3'));
  });

  test('affinity is only a hint: a disabled or full affinity host is passed over, not an error', async () => {
    const s = startSim();
    const h3 = s.host('host3');
    const mail = s.vm('mail01');
    await s.ok('VM.set_affinity', mail, h3);
    await s.ok('host.disable', h3);
    await s.ok('VM.start', mail, false, false);
    const first = s.get('VM', mail)['resident_on'];
    assert.ok(first !== h3 && refs(s.get('host', first as string)['resident_VMs']).includes(mail));
    await s.ok('VM.hard_shutdown', mail);
    await s.ok('host.enable', h3);
    await s.ok('VM.set_memory', mail, 16n * GiB);
    await s.ok('VM.start', mail, false, false);
    assert.notEqual(s.get('VM', mail)['resident_on'], h3, 'host3 has 12 GiB free');
    assert.equal(s.get('VM', mail)['power_state'], 'Running');
  });

  test('disabled hosts: HOST_DISABLED, skipped by placement; reboot needs a disabled host', async () => {
    const s = startSim();
    const h2 = s.host('host2');
    const mail = s.vm('mail01');
    assert.deepEqual(await s.fails('host.reboot', h2), ['HOST_NOT_DISABLED']);
    assert.deepEqual(await s.fails('host.shutdown', h2), ['HOST_NOT_DISABLED']);
    await s.ok('host.disable', h2);
    assert.equal(s.get('host', h2)['enabled'], false);
    assert.deepEqual(await s.fails('VM.start_on', mail, h2, false, false), ['HOST_DISABLED', h2]);
    assert.ok(!refs(await s.ok('VM.get_possible_hosts', mail)).includes(h2));
    assert.deepEqual(refs(await s.ok('VM.get_possible_hosts', s.vm('test06'))), []);
    await s.ok('host.enable', h2);
    assert.ok(refs(await s.ok('VM.get_possible_hosts', mail)).includes(h2));
  });

  test('VM_REQUIRES_SR: a VM on a local SR boots only on that SR\'s host', async () => {
    const s = startSim();
    const vm = s.vm('test06');
    const localSr = s.pool.localSrs.get('host2');
    assert.deepEqual(await s.fails('VM.start_on', vm, s.host('host1'), false, false), ['VM_REQUIRES_SR', vm, localSr]);
    assert.deepEqual(await s.ok('VM.get_possible_hosts', vm), [s.host('host2')]);
    await s.ok('VM.start', vm, false, false);
    assert.equal(s.get('VM', vm)['resident_on'], s.host('host2'));
  });

  test('a suspended VM resumes only where its memory image\'s SR is seen (VM_REQUIRES_SR)', async () => {
    const s = startSim();
    const mail = s.vm('mail01');
    const local2 = s.pool.localSrs.get('host2') as string;
    await s.ok('VM.set_suspend_SR', mail, local2);
    await s.ok('VM.start_on', mail, s.host('host2'), false, false);
    await s.ok('VM.suspend', mail);
    assert.equal(s.get('VDI', s.get('VM', mail)['suspend_VDI'] as string)['SR'], local2);
    assert.deepEqual(await s.fails('VM.resume_on', mail, s.host('host1'), false, false), ['VM_REQUIRES_SR', mail, local2]);
    assert.deepEqual(refs(await s.ok('VM.get_possible_hosts', mail)), [s.host('host2')]);
    await s.ok('VM.resume', mail, false, false);
    assert.equal(s.get('VM', mail)['resident_on'], s.host('host2'));
  });

  test('VM_REQUIRES_NETWORK: a host without a PIF on the VIF\'s network', async () => {
    const s = startSim();
    const server = s.xapi.context;
    const storageNet = s.pool.networks.get('Storage network') as string;
    const h3 = s.host('host3');
    const pif = refs(s.get('network', storageNet)['PIFs']).find((p) => s.get('PIF', p)['host'] === h3) as string;
    destroyLinked(server, 'PIF', pif);
    const vm = s.vm('mail01');
    await s.ok('VIF.create', { device: '1', network: storageNet, VM: vm, MAC: '', MTU: 9000n, other_config: {},
      qos_algorithm_type: '', qos_algorithm_params: {} });
    assert.deepEqual(await s.fails('VM.start_on', vm, h3, false, false), ['VM_REQUIRES_NETWORK', vm, storageNet]);
    assert.ok(!refs(await s.ok('VM.get_possible_hosts', vm)).includes(h3));
  });

  test('requirements (extension): TPM, bandwidth and CPU features steer placement', async () => {
    const s = startSim();
    const mail = s.vm('mail01');
    await s.ok('VM.set_requires_cpu_features', mail, ['avx2']);
    assert.deepEqual(await s.fails('VM.start_on', mail, s.host('host3'), false, false),
      ['VM_INCOMPATIBLE_WITH_THIS_HOST', mail, s.host('host3'), 'host has aes sse4_2 vmx, VM needs avx2 (missing avx2)']);
    await s.ok('VM.set_requires_tpm', mail, true);
    assert.deepEqual(await s.ok('VM.get_possible_hosts', mail), [s.host('host1')]);
    await s.ok('VM.start', mail, false, false);
    assert.equal(s.get('VM', mail)['resident_on'], s.host('host1'));
    const db = s.vm('db01');
    assert.deepEqual(await s.fails('VM.pool_migrate', db, s.host('host2'), {}),
      ['VM_INCOMPATIBLE_WITH_THIS_HOST', db, s.host('host2'), 'host has no TPM, VM needs a TPM']);
  });

  test('without extensions the requirement checks are gone and host.qualify does not exist', async () => {
    const s = startSim({ extensions: false });
    assert.deepEqual(await s.fails('host.qualify', s.vm('db01'), s.host('host2')), ['MESSAGE_METHOD_UNKNOWN', 'host.qualify']);
    await s.ok('VM.pool_migrate', s.vm('db01'), s.host('host2'), {});
    assert.equal(s.get('VM', s.vm('db01'))['resident_on'], s.host('host2'));
  });

  test('qualification of db01 on the demo pool: host1 only, with the failing checks spelt out', async () => {
    const s = startSim();
    const db = s.vm('db01');
    const q = async (h: string): Promise<Record<string, string>> =>
      ({ ...(await s.ok('host.get_qualification', db, s.host(h)) as Record<string, string>) });
    const pass = { memory: 'pass', tpm: 'pass', bandwidth: 'pass', cpu_features: 'pass', enabled: 'pass', networks: 'pass', storage: 'pass' };
    assert.deepEqual(await q('host1'), pass);
    assert.deepEqual(await q('host2'), { ...pass, tpm: 'fail: host has no TPM, VM needs a TPM' });
    assert.deepEqual(await q('host3'), { ...pass, memory: 'fail: host has 12 GiB free, VM needs 16 GiB',
      bandwidth: 'fail: host has 1000 Mbit/s, VM needs 10000 Mbit/s' });
    assert.equal(await s.ok('host.qualify', db, s.host('host1')), true);
    assert.equal(await s.ok('host.qualify', db, s.host('host2')), false);
    assert.equal(await s.ok('host.qualify', db, s.host('host3')), false);
    await s.ok('host.disable', s.host('host1'));
    assert.equal((await q('host1'))['enabled'], 'fail: host has enabled=false, VM needs an enabled host');
  });

  test('VM.migrate: test=true answers and moves nothing; test=false moves and updates memory', async () => {
    const s = startSim();
    const web = s.vm('web01');
    const [h1, h2] = [s.host('host1'), s.host('host2')];
    assert.equal(await s.ok('VM.migrate', web, h1, h2, true), true);
    assert.equal(await s.ok('VM.migrate', s.vm('db01'), h1, h2, true), false);
    assert.equal(await s.ok('VM.migrate', web, h2, h2, true), false, 'not resident on the given current host');
    assert.equal(await s.ok('VM.migrate', s.vm('mail01'), h1, h2, true), false, 'not running');
    assert.equal(s.get('VM', web)['resident_on'], h1);
    assert.equal(s.get('host', h1)['memory_free'], 40n * GiB);
    assert.deepEqual(await s.fails('VM.migrate', web, h2, h2, false), ['VM_NOT_RESIDENT_HERE', web, h2]);
    assert.equal(await s.ok('VM.migrate', web, h1, h2, false), true);
    assert.equal(s.get('VM', web)['resident_on'], h2);
    assert.ok(refs(s.get('host', h2)['resident_VMs']).includes(web));
    assert.ok(!refs(s.get('host', h1)['resident_VMs']).includes(web));
    assert.equal(s.get('host', h1)['memory_free'], 44n * GiB);
    assert.equal(s.get('host', h2)['memory_free'], 18n * GiB);
    assert.deepEqual(await s.fails('VM.migrate', s.vm('mail01'), h1, h2, false), ['VM_BAD_POWER_STATE', s.vm('mail01'), 'running', 'halted']);
    assertConsistent(s);
  });

  test('evacuation short of memory: HOST_NOT_ENOUGH_FREE_MEMORY [needed, available]', async () => {
    const s = startSim();
    const web = s.vm('web02');
    s.xapi.context.store.update('VM', web, { memory_static_max: 14n * GiB });
    await s.ok('VM.unpause', s.vm('test04'));
    await s.ok('host.disable', s.host('host1'));
    const h2 = s.host('host2');
    assert.deepEqual(await s.fails('host.assert_can_evacuate', h2),
      ['CANNOT_EVACUATE_HOST', `HOST_NOT_ENOUGH_FREE_MEMORY,${14n * GiB},${12n * GiB}`]);
    assert.deepEqual(await s.fails('host.evacuate', h2), ['HOST_NOT_ENOUGH_FREE_MEMORY', String(14n * GiB), String(12n * GiB)]);
    const blockers = await s.ok('host.get_vms_which_prevent_evacuation', h2) as Record<string, readonly string[]>;
    assert.deepEqual({ ...blockers }, { [web]: ['HOST_NOT_ENOUGH_FREE_MEMORY', String(14n * GiB), String(12n * GiB)] });
  });

  test('pool_migrate and assert_can_migrate', async () => {
    const s = startSim();
    const mail = s.vm('mail01');
    assert.deepEqual(await s.fails('VM.pool_migrate', mail, s.host('host2'), {}), ['VM_BAD_POWER_STATE', mail, 'running', 'halted']);
    const web = s.vm('web02');
    const dest = { host: s.host('host3'), session_id: '' };
    await s.ok('VM.assert_can_migrate', web, dest, true, {}, {}, {});
    await s.ok('VM.pool_migrate', web, s.host('host3'), { live: 'true' });
    assert.equal(s.get('VM', web)['resident_on'], s.host('host3'));
    assert.equal(s.get('host', s.host('host3'))['memory_free'], 8n * GiB);
    assert.deepEqual(await s.fails('VM.assert_can_migrate', s.vm('db01'), { host: s.host('host3') }, true, {}, {}, {}),
      ['HOST_NOT_ENOUGH_FREE_MEMORY', String(16n * GiB), String(8n * GiB)]);
  });

  test('migrate_send within the pool moves disks and NICs as mapped, then the VM', async () => {
    const s = startSim();
    const web = s.vm('web02');
    const h3 = s.host('host3');
    const token = await s.ok('host.migrate_receive', h3, s.pool.networks.get('Pool-wide network 0') as string, {}) as Record<string, string>;
    assert.equal(token['host'], h3);
    const [vbd] = refs(s.get('VM', web)['VBDs']);
    const oldVdi = s.get('VBD', vbd as string)['VDI'] as string;
    const [vif] = refs(s.get('VM', web)['VIFs']);
    const local1 = s.pool.localSrs.get('host1') as string;
    const local3 = s.pool.localSrs.get('host3') as string;
    const storageNet = s.pool.networks.get('Storage network') as string;
    assert.deepEqual(await s.fails('VM.assert_can_migrate', web, token, true, { [oldVdi]: local1 }, {}, {}),
      ['VM_REQUIRES_SR', web, local1]);
    await s.ok('VM.assert_can_migrate', web, token, true, { [oldVdi]: local3 }, { [vif as string]: storageNet }, {});
    assert.equal(await s.ok('VM.migrate_send', web, token, true, { [oldVdi]: local3 }, { [vif as string]: storageNet }, {}), web);
    assert.equal(s.get('VM', web)['resident_on'], h3);
    const newVdi = s.get('VBD', vbd as string)['VDI'] as string;
    assert.notEqual(newVdi, oldVdi);
    assert.equal(s.get('VDI', newVdi)['SR'], local3);
    assert.equal(s.xapi.context.store.get('VDI', oldVdi), undefined);
    assert.equal(s.get('VIF', vif as string)['network'], storageNet);
    assertConsistent(s);
  });

  test('evacuate moves every guest off the host; otherwise CANNOT_EVACUATE_HOST and the VMs in the way', async () => {
    const s = startSim();
    const h1 = s.host('host1');
    const h2 = s.host('host2');
    const guests = refs(s.get('host', h2)['resident_VMs']).filter((v) => s.get('VM', v)['is_control_domain'] !== true);
    assert.equal(guests.length, 3);
    // A paused guest (test04) cannot be pool-migrated: it prevents the evacuation, as with xapi.
    const test04 = s.vm('test04');
    assert.deepEqual({ ...(await s.ok('host.get_vms_which_prevent_evacuation', h2) as object) },
      { [test04]: ['VM_BAD_POWER_STATE', test04, 'running', 'paused'] });
    assert.deepEqual(await s.fails('host.evacuate', h2), ['VM_BAD_POWER_STATE', test04, 'running', 'paused']);
    await s.ok('VM.unpause', test04);
    await s.ok('host.assert_can_evacuate', h2);
    await s.ok('host.evacuate', h2);
    assert.deepEqual(refs(s.get('host', h2)['resident_VMs']), [s.get('host', h2)['control_domain']]);
    for (const vm of guests) {
      const on = s.get('VM', vm)['resident_on'] as string;
      assert.notEqual(on, h2);
      assert.ok(refs(s.get('host', on)['resident_VMs']).includes(vm));
    }
    assert.equal(s.get('host', h2)['memory_free'], 30n * GiB);
    assertConsistent(s);
    const blockers = await s.ok('host.get_vms_which_prevent_evacuation', h1) as Record<string, readonly string[]>;
    assert.deepEqual(Object.keys(blockers).sort(), [s.vm('db01'), s.vm('test01')].sort());
    assert.equal(blockers[s.vm('test01')]?.[0], 'VM_REQUIRES_SR');
    // assert_can_evacuate: xapi's one-string encoding, `CODE,params` per VM joined by `|`; evacuate: the first error.
    const e = await s.fails('host.assert_can_evacuate', h1);
    assert.equal(e.length, 2);
    assert.equal(e[0], 'CANNOT_EVACUATE_HOST');
    const parts = (e[1] ?? '').split('|').sort();
    assert.deepEqual(parts.map((p) => p.split(',').slice(0, 2).join(',')).sort(),
      [`VM_INCOMPATIBLE_WITH_THIS_HOST,${s.vm('db01')}`, `VM_REQUIRES_SR,${s.vm('test01')}`].sort());
    const first = await s.fails('host.evacuate', h1);
    assert.ok(Object.entries(blockers).some(([, err]) => JSON.stringify(err) === JSON.stringify(first)), first.join(' '));
    assert.ok(refs(s.get('host', h1)['resident_VMs']).includes(s.vm('web01')), 'nothing moved');
  });

  test('reboot and shutdown of a disabled host stop its guests; power_on brings it back', async () => {
    const s = startSim();
    const h3 = s.host('host3');
    await s.ok('host.disable', h3);
    await s.ok('host.shutdown', h3);
    assert.equal(s.get('VM', s.vm('test03'))['power_state'], 'Halted');
    assert.deepEqual(await s.fails('VM.start_on', s.vm('mail01'), h3, false, false), ['HOST_NOT_LIVE']);
    assert.deepEqual(await s.fails('VM.assert_can_boot_here', s.vm('mail01'), h3), ['HOST_NOT_LIVE']);
    await s.ok('host.power_on', h3);
    await s.ok('VM.start_on', s.vm('mail01'), h3, false, false);
  });

  test('host bandwidth follows the fastest PIF', () => {
    const s = startSim();
    const server = s.xapi.context;
    const h3 = s.host('host3');
    assert.equal(s.get('host', h3)['bandwidth'], 1000n);
    const pif = refs(s.get('host', h3)['PIFs'])[0] as string;
    server.store.update('PIF_metrics', s.get('PIF', pif)['metrics'] as string, { speed: 25000n });
    refreshHostCapabilities(server, h3);
    assert.equal(s.get('host', h3)['bandwidth'], 25000n);
  });
});
