// VM.simulate_crash (extension): each actions_after_crash as xapi applies it, the VM_CRASHED message, the refusals.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenStruct } from '../../src/model/types.js';
import { NULL_REF } from '../../src/model/values.js';
import { roleRef, seedRoles } from '../../src/server/roles-seed.js';
import { assertConsistent, refs, startSim, type Sim } from './harness.js';

/** web01 (Running on host1) with the behaviour set; returns its ref. */
async function crashing(s: Sim, action: string): Promise<string> {
  const vm = s.vm('web01');
  await s.ok('VM.set_actions_after_crash', vm, action);
  return vm;
}

function crashMessages(s: Sim): XenStruct[] {
  return [...s.xapi.context.store.all('message')].map(([, m]) => m).filter((m) => m['name'] === 'VM_CRASHED');
}

describe('VM.simulate_crash applies actions_after_crash', () => {
  test('destroy: the VM halts, its domain and host residence gone; no dump', async () => {
    const s = startSim();
    const vm = await crashing(s, 'destroy');
    await s.ok('VM.simulate_crash', vm);
    const rec = s.get('VM', vm);
    assert.equal(rec['power_state'], 'Halted');
    assert.equal(rec['domid'], -1n);
    assert.equal(rec['resident_on'], NULL_REF);
    assert.deepEqual(refs(rec['crash_dumps']), []);
    assertConsistent(s);
  });

  for (const action of ['restart', 'rename_restart']) {
    test(`${action}: running again on the same host with a new domid; no VM_REBOOTED`, async () => {
      const s = startSim();
      const vm = await crashing(s, action);
      const before = s.get('VM', vm);
      await s.ok('VM.simulate_crash', vm);
      const after = s.get('VM', vm);
      assert.equal(after['power_state'], 'Running');
      assert.equal(after['resident_on'], before['resident_on']);
      assert.notEqual(after['domid'], before['domid']);
      assert.ok((after['domid'] as bigint) > 0n);
      const names = [...s.xapi.context.store.all('message')].map(([, m]) => m['name']);
      assert.deepEqual(names, ['VM_CRASHED']);
    });
  }

  test('preserve: the domain is kept, paused for inspection (xapi pauses it), same domid', async () => {
    const s = startSim();
    const vm = await crashing(s, 'preserve');
    const before = s.get('VM', vm);
    await s.ok('VM.simulate_crash', vm);
    const after = s.get('VM', vm);
    assert.equal(after['power_state'], 'Paused');
    assert.equal(after['domid'], before['domid']);
    assert.equal(after['resident_on'], before['resident_on']);
    // The operator then destroys it.
    await s.ok('VM.hard_shutdown', vm);
    assert.equal(s.get('VM', vm)['power_state'], 'Halted');
  });

  for (const [action, state] of [['coredump_and_destroy', 'Halted'], ['coredump_and_restart', 'Running']] as const) {
    test(`${action}: a crashdump of the VM with a crashdump VDI on the crash dump SR, then ${state}`, async () => {
      const s = startSim();
      const vm = await crashing(s, action);
      const domid = s.get('VM', vm)['domid'];
      await s.ok('VM.simulate_crash', vm);
      assert.equal(s.get('VM', vm)['power_state'], state);
      const dumps = refs(s.get('VM', vm)['crash_dumps']);
      assert.equal(dumps.length, 1);
      const dump = s.get('crashdump', dumps[0]!);
      assert.equal(dump['VM'], vm);
      const vdi = s.get('VDI', String(dump['VDI']));
      assert.equal(vdi['type'], 'crashdump');
      const pool = [...s.xapi.context.store.all('pool')][0]![1];
      const hostSr = s.get('host', s.host('host1'))['crash_dump_sr'];
      assert.equal(vdi['SR'], hostSr === NULL_REF ? pool['crash_dump_SR'] : hostSr);
      assert.deepEqual(refs(vdi['crash_dumps']), dumps);
      assert.equal((dump['other_config'] as Record<string, string>)['domid'], String(domid));
      // The dump is a record in its own right: crashdump.destroy removes it with its VDI; the VM's list follows.
      await s.ok('crashdump.destroy', dumps[0]!);
      assert.deepEqual(refs(s.get('VM', vm)['crash_dumps']), []);
      assert.equal(s.xapi.context.store.has('VDI', String(dump['VDI'])), false);
      assertConsistent(s);
    });
  }
});

describe('VM_CRASHED', () => {
  test('a priority-2 message of class VM about the VM, naming it and what follows; get_since sees it', async () => {
    const s = startSim();
    const vm = s.vm('web01');
    const since = new Date(Date.now() - 1000);
    await s.ok('VM.simulate_crash', vm);
    const [m, ...more] = crashMessages(s);
    assert.equal(more.length, 0);
    assert.equal(m?.['priority'], 2n);
    assert.equal(m?.['cls'], 'VM');
    assert.equal(m?.['obj_uuid'], s.get('VM', vm)['uuid']);
    assert.match(String(m?.['body']), /^VM web01 crashed \(actions_after_crash: restart\)$/);
    const got = await s.ok('message.get_since', since) as Record<string, XenStruct>;
    assert.deepEqual(Object.values(got).map((r) => [r['name'], r['obj_uuid']]), [['VM_CRASHED', s.get('VM', vm)['uuid']]]);
  });
});

describe('refusals', () => {
  test('a VM that is not running: VM_BAD_POWER_STATE [vm, running, state], nothing raised', async () => {
    const s = startSim();
    const halted = s.vm('mail01');
    assert.deepEqual(await s.fails('VM.simulate_crash', halted), ['VM_BAD_POWER_STATE', halted, 'running', 'halted']);
    const suspended = s.vm('build01');
    assert.deepEqual(await s.fails('VM.simulate_crash', suspended), ['VM_BAD_POWER_STATE', suspended, 'running', 'suspended']);
    assert.deepEqual(crashMessages(s), []);
  });

  test('a template: VM_IS_TEMPLATE', async () => {
    const s = startSim();
    const t = s.vm('Debian 12');
    assert.deepEqual(await s.fails('VM.simulate_crash', t), ['VM_IS_TEMPLATE', t, 'simulate_crash']);
  });

  test('a read-only subject: RBAC_PERMISSION_DENIED (pool-admin only)', async () => {
    const s = startSim();
    const { store, model } = s.xapi.context;
    seedRoles(store, model);
    const subject = await s.ok('subject.create', { subject_identifier: 'reader', other_config: {} }) as string;
    await s.ok('subject.add_to_roles', subject, roleRef('read-only'));
    await s.ok('subject.remove_from_roles', subject, roleRef('pool-admin'));
    const r = await s.xapi.handleCall('VM.simulate_crash', ['', s.vm('web01')], { kind: 'local', user: 'reader' });
    assert.deepEqual(r, { ok: false, error: ['RBAC_PERMISSION_DENIED', 'vm.simulate_crash',
      'No permission in user session. (Roles with this permission: pool-admin)'] });
    assert.equal(s.get('VM', s.vm('web01'))['power_state'], 'Running');
  });

  test('absent without extensions: MESSAGE_METHOD_UNKNOWN', async () => {
    const s = startSim({ extensions: false });
    const r = await s.call('VM.simulate_crash', s.vm('web01'));
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.error[0], 'MESSAGE_METHOD_UNKNOWN');
  });
});
