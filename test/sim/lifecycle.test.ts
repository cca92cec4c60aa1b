import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NULL_REF } from '../../src/model/values.js';
import { refs, startSim, type Sim } from './harness.js';

type State = 'Halted' | 'Running' | 'Paused' | 'Suspended';
const STATES: readonly State[] = ['Halted', 'Running', 'Paused', 'Suspended'];

/** mail01 (Halted, shared disk) brought into `state`. */
async function vmIn(s: Sim, state: State): Promise<string> {
  const vm = s.vm('mail01');
  if (state !== 'Halted') await s.ok('VM.start', vm, state === 'Paused', false);
  if (state === 'Suspended') await s.ok('VM.suspend', vm);
  assert.equal(s.get('VM', vm)['power_state'], state);
  return vm;
}

// verb -> the state each starting state leads to, or the `expected` parameter of VM_BAD_POWER_STATE.
const TABLE: Record<string, { from: Partial<Record<State, State>>; expected: string; args?: (s: Sim) => string[] }> = {
  start: { from: { Halted: 'Running' }, expected: 'halted' },
  start_on: { from: { Halted: 'Running' }, expected: 'halted', args: (s) => [s.host('host2')] },
  clean_shutdown: { from: { Running: 'Halted' }, expected: 'running' },
  hard_shutdown: { from: { Running: 'Halted', Paused: 'Halted', Suspended: 'Halted' }, expected: 'paused, suspended, running' },
  shutdown: { from: { Running: 'Halted', Paused: 'Halted', Suspended: 'Halted' }, expected: 'paused, suspended, running' },
  clean_reboot: { from: { Running: 'Running' }, expected: 'running' },
  hard_reboot: { from: { Running: 'Running', Paused: 'Running' }, expected: 'paused, running' },
  suspend: { from: { Running: 'Suspended' }, expected: 'running' },
  resume: { from: { Suspended: 'Running' }, expected: 'suspended' },
  resume_on: { from: { Suspended: 'Running' }, expected: 'suspended', args: (s) => [s.host('host2')] },
  pause: { from: { Running: 'Paused' }, expected: 'running' },
  unpause: { from: { Paused: 'Running' }, expected: 'paused' },
  power_state_reset: { from: { Halted: 'Halted', Running: 'Halted', Paused: 'Halted', Suspended: 'Halted' }, expected: '' },
};
const BOOL_ARGS = new Set(['start', 'start_on', 'resume', 'resume_on']);

describe('the VM power-state machine', () => {
  for (const [verb, row] of Object.entries(TABLE)) {
    for (const state of STATES) {
      const to = row.from[state];
      test(`${verb} from ${state}: ${to ?? `VM_BAD_POWER_STATE expected ${row.expected}`}`, async () => {
        const s = startSim();
        const vm = await vmIn(s, state);
        const args = [vm, ...(row.args?.(s) ?? []), ...(BOOL_ARGS.has(verb) ? [false, false] : [])];
        const r = await s.call(`VM.${verb}`, ...args);
        if (to === undefined) {
          assert.deepEqual(r, { ok: false, error: ['VM_BAD_POWER_STATE', vm, row.expected, state.toLowerCase()] });
          assert.equal(s.get('VM', vm)['power_state'], state);
        } else {
          assert.deepEqual(r, { ok: true, value: '' });
          assert.equal(s.get('VM', vm)['power_state'], to);
        }
      });
    }
  }

  test('allowed_operations follow the power state', async () => {
    const s = startSim();
    const vm = s.vm('mail01');
    const ops = (): string[] => refs(s.get('VM', vm)['allowed_operations']);
    assert.ok(ops().includes('start') && ops().includes('clone') && ops().includes('destroy'));
    assert.ok(!ops().includes('clean_shutdown'));
    await s.ok('VM.start', vm, false, false);
    for (const op of ['clean_shutdown', 'hard_reboot', 'suspend', 'pause', 'pool_migrate', 'snapshot', 'checkpoint']) {
      assert.ok(ops().includes(op), op);
    }
    for (const op of ['start', 'destroy', 'clone', 'resume', 'unpause']) assert.ok(!ops().includes(op), op);
    await s.ok('VM.pause', vm);
    assert.ok(ops().includes('unpause') && ops().includes('hard_shutdown') && !ops().includes('pause'));
    await s.ok('VM.unpause', vm);
    await s.ok('VM.suspend', vm);
    assert.ok(ops().includes('resume') && ops().includes('resume_on') && !ops().includes('start'));
    const template = s.vm('Debian 12');
    assert.ok(refs(s.get('VM', template)['allowed_operations']).includes('clone'));
    assert.ok(!refs(s.get('VM', template)['allowed_operations']).includes('start'));
  });

  test('templates are refused power operations: VM_IS_TEMPLATE [vm, operation], after the power-state check (xapi\'s order)', async () => {
    const s = startSim();
    const t = s.vm('Debian 12');
    assert.deepEqual(await s.fails('VM.start', t, false, false), ['VM_IS_TEMPLATE', t, 'start']);
    assert.deepEqual(await s.fails('VM.start_on', t, s.host('host1'), false, false), ['VM_IS_TEMPLATE', t, 'start_on']);
    assert.deepEqual(await s.fails('VM.hard_shutdown', t), ['VM_BAD_POWER_STATE', t, 'paused, suspended, running', 'halted']);
  });

  test('a template\'s memory and VCPUs can be changed; its allowed_operations say so', async () => {
    const s = startSim();
    const t = s.vm('Debian 12');
    await s.ok('VM.update_allowed_operations', t);
    const ops = refs(s.get('VM', t)['allowed_operations']);
    for (const op of ['changing_static_range', 'changing_dynamic_range', 'changing_memory_limits', 'changing_VCPUs', 'clone', 'provision']) {
      assert.ok(ops.includes(op), op);
    }
    assert.ok(!ops.includes('start') && !ops.includes('hard_shutdown'));
    await s.ok('VM.set_memory_static_range', t, 1024n ** 3n, 2n * 1024n ** 3n);
    await s.ok('VM.set_memory_dynamic_range', t, 1024n ** 3n, 2n * 1024n ** 3n);
    assert.equal(s.get('VM', t)['memory_static_max'], 2n * 1024n ** 3n);
  });

  test('blocked operations are refused before anything else: OPERATION_NOT_ALLOWED with the reason', async () => {
    const s = startSim();
    const vm = s.vm('mail01');
    await s.ok('VM.add_to_blocked_operations', vm, 'start', 'under maintenance');
    await s.ok('VM.add_to_blocked_operations', vm, 'clean_shutdown', 'ask ops');
    assert.deepEqual(await s.fails('VM.start', vm, false, false), ['OPERATION_NOT_ALLOWED', 'start is blocked: under maintenance']);
    assert.deepEqual(await s.fails('VM.clean_shutdown', vm), ['OPERATION_NOT_ALLOWED', 'clean_shutdown is blocked: ask ops']);
    assert.deepEqual(await s.fails('VM.hard_reboot', vm), ['VM_BAD_POWER_STATE', vm, 'paused, running', 'halted']);
  });

  test('control domains cannot be operated: OPERATION_NOT_ALLOWED', async () => {
    const s = startSim();
    const dom0 = String(s.get('host', s.host('host1'))['control_domain']);
    assert.equal((await s.fails('VM.hard_shutdown', dom0))[0], 'OPERATION_NOT_ALLOWED');
    assert.deepEqual(await s.fails('VM.power_state_reset', dom0), ['OPERATION_NOT_ALLOWED', 'power_state_reset is not allowed on a control domain']);
    assert.equal(s.get('VM', dom0)['power_state'], 'Running');
  });

  test('start sets domid, residence, metrics and live guest metrics; halt undoes them', async () => {
    const s = startSim();
    const vm = s.vm('mail01');
    const host2 = s.host('host2');
    const before = BigInt(s.get('host', host2)['memory_free'] as bigint);
    await s.ok('VM.start_on', vm, host2, false, false);
    let rec = s.get('VM', vm);
    const domids = refs(s.get('host', host2)['resident_VMs']).filter((r) => r !== vm).map((r) => s.get('VM', r)['domid'] as bigint);
    assert.ok((rec['domid'] as bigint) > 0n && !domids.includes(rec['domid'] as bigint), 'a fresh domid');
    assert.equal(rec['resident_on'], host2);
    assert.ok(refs(s.get('host', host2)['resident_VMs']).includes(vm));
    assert.equal(s.get('host', host2)['memory_free'], before - 4n * 1024n ** 3n);
    const metrics = s.get('VM_metrics', rec['metrics'] as string);
    assert.equal(metrics['memory_actual'], 4n * 1024n ** 3n);
    assert.equal(metrics['VCPUs_number'], 2n);
    assert.ok((metrics['start_time'] as Date).getTime() > Date.now() - 60_000);
    const gm = s.get('VM_guest_metrics', rec['guest_metrics'] as string);
    assert.equal(gm['live'], true);
    const domid = rec['domid'] as bigint;
    await s.ok('VM.hard_reboot', vm);
    assert.ok((s.get('VM', vm)['domid'] as bigint) > domid, 'a reboot makes a new domain');
    await s.ok('VM.clean_shutdown', vm);
    rec = s.get('VM', vm);
    assert.equal(rec['domid'], -1n);
    assert.equal(rec['resident_on'], NULL_REF);
    assert.equal(rec['guest_metrics'], NULL_REF);
    assert.ok(!refs(s.get('host', host2)['resident_VMs']).includes(vm));
    assert.equal(s.get('host', host2)['memory_free'], before);
    assert.equal(s.get('VM_metrics', rec['metrics'] as string)['memory_actual'], 0n);
  });

  test('a started demo VM reports its address again in its guest metrics', async () => {
    const s = startSim();
    const vm = s.vm('web01');
    const ip = (): string | undefined => {
      const gm = s.get('VM', vm)['guest_metrics'] as string;
      return (s.get('VM_guest_metrics', gm)['networks'] as Record<string, string>)['0/ip'];
    };
    assert.equal(ip(), '192.0.2.21');
    await s.ok('VM.hard_shutdown', vm);
    await s.ok('VM.start', vm, false, false);
    assert.equal(ip(), '192.0.2.21');
  });

  test('suspend makes a suspend image that resume consumes', async () => {
    const s = startSim();
    const vm = await vmIn(s, 'Running');
    await s.ok('VM.suspend', vm);
    const image = s.get('VM', vm)['suspend_VDI'] as string;
    assert.equal(s.get('VDI', image)['type'], 'suspend');
    assert.equal(s.get('VM', vm)['resident_on'], NULL_REF);
    await s.ok('VM.resume', vm, true, false);
    assert.equal(s.get('VM', vm)['power_state'], 'Paused');
    assert.equal(s.get('VM', vm)['suspend_VDI'], NULL_REF);
    assert.equal(s.xapi.context.store.get('VDI', image), undefined);
  });

  test('an operation in progress: current_operations keyed by the task, others refused', async () => {
    const s = startSim({ sim: { steps: 4, stepMs: 30 } });
    const vm = s.vm('web01');
    const task = (await s.ok('Async.VM.pool_migrate', vm, s.host('host2'), {})) as string;
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual({ ...(s.get('VM', vm)['current_operations'] as object) }, { [task]: 'pool_migrate' });
    assert.deepEqual(refs(s.get('VM', vm)['allowed_operations']), []);
    assert.deepEqual(await s.fails('VM.clean_shutdown', vm), ['OTHER_OPERATION_IN_PROGRESS', 'VM', vm, 'pool_migrate', task]);
    await s.xapi.drain();
    assert.deepEqual({ ...(s.get('VM', vm)['current_operations'] as object) }, {});
    assert.ok(refs(s.get('VM', vm)['allowed_operations']).includes('clean_shutdown'));
  });

  test('copies of one VM may run together (xapi: clone, copy, export), other operations wait their turn', async () => {
    // A template's clone takes a quarter of the steps: 10 x 30 ms, time for both to overlap on a loaded machine.
    const s = startSim({ sim: { steps: 40, stepMs: 30 } });
    const t = s.vm('Debian 12');
    const first = (await s.ok('Async.VM.clone', t, 'c1')) as string;
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(refs(s.get('VM', t)['allowed_operations']).sort(), ['clone', 'copy', 'export']);
    const second = (await s.ok('Async.VM.clone', t, 'c2')) as string;
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(Object.keys(s.get('VM', t)['current_operations'] as object).length, 2);
    assert.deepEqual(await s.fails('VM.destroy', t), ['OTHER_OPERATION_IN_PROGRESS', 'VM', t, 'clone', first]);
    await s.xapi.drain();
    for (const task of [first, second]) assert.equal(s.get('task', task)['status'], 'success');
    assert.equal((await s.ok('VM.get_by_name_label', 'c1') as string[]).length, 1);
    assert.equal((await s.ok('VM.get_by_name_label', 'c2') as string[]).length, 1);
    assert.deepEqual({ ...(s.get('VM', t)['current_operations'] as object) }, {});
  });
});
