// VM power operations (REFERENCE.md §4.1): start, start_on, shutdown family, reboots, suspend/resume, pause,
// power_state_reset, and the operation-validity messages.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { assertCanBootHere } from '../sim/checks.js';
import { record } from '../sim/links.js';
import { chooseHost } from '../sim/placement.js';
import { boot, halt, reboot, resume, setPaused, suspend } from '../sim/power.js';
import { VM, assertOpValid, powerState, refreshAllowedOps, withVmOperation } from '../sim/vm-ops.js';
import { bool, isRef, str } from '../sim/values.js';

const VOID = '';

export function vmPowerHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VM.start', async (call, [vm, paused]) => {
    const ref = str(vm);
    await withVmOperation(call, ref, 'start', () => boot(call.server, ref, chooseHost(call.server, ref), bool(paused)));
    return VOID;
  });
  h.set('VM.start_on', async (call, [vm, host, paused]) => {
    const ref = str(vm);
    assertOpValid(call.server, ref, 'start_on');
    record(call.server, 'host', str(host));
    await withVmOperation(call, ref, 'start_on', () => {
      assertCanBootHere(call.server, ref, str(host));
      boot(call.server, ref, str(host), bool(paused));
    });
    return VOID;
  });
  for (const op of ['clean_shutdown', 'hard_shutdown', 'shutdown'] as const) {
    h.set(`VM.${op}`, async (call, [vm]) => {
      await withVmOperation(call, str(vm), op, () => halt(call.server, str(vm)));
      return VOID;
    });
  }
  for (const op of ['clean_reboot', 'hard_reboot'] as const) {
    h.set(`VM.${op}`, async (call, [vm]) => {
      await withVmOperation(call, str(vm), op, () => reboot(call.server, str(vm)));
      return VOID;
    });
  }
  h.set('VM.suspend', async (call, [vm]) => {
    await withVmOperation(call, str(vm), 'suspend', () => suspend(call.server, str(vm)));
    return VOID;
  });
  h.set('VM.resume', async (call, [vm, paused]) => {
    const ref = str(vm);
    await withVmOperation(call, ref, 'resume', () => resume(call.server, ref, chooseHost(call.server, ref), bool(paused)));
    return VOID;
  });
  h.set('VM.resume_on', async (call, [vm, host, paused]) => {
    const ref = str(vm);
    assertOpValid(call.server, ref, 'resume_on');
    record(call.server, 'host', str(host));
    await withVmOperation(call, ref, 'resume_on', () => {
      assertCanBootHere(call.server, ref, str(host));
      resume(call.server, ref, str(host), bool(paused));
    });
    return VOID;
  });
  h.set('VM.pause', async (call, [vm]) => {
    await withVmOperation(call, str(vm), 'pause', () => setPaused(call.server, str(vm), true));
    return VOID;
  });
  h.set('VM.unpause', async (call, [vm]) => {
    await withVmOperation(call, str(vm), 'unpause', () => setPaused(call.server, str(vm), false));
    return VOID;
  });
  h.set('VM.power_state_reset', (call, [vm]) => {
    const rec = record(call.server, VM, str(vm));
    // xapi refuses a control domain (CANNOT_RESET_CONTROL_DOMAIN, a code our catalogue lacks).
    if (bool(rec['is_control_domain'])) {
      throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, ['power_state_reset is not allowed on a control domain']);
    }
    if (powerState(rec) !== 'Halted' || isRef(rec['resident_on'])) halt(call.server, str(vm));
    return VOID;
  });
  h.set('VM.assert_operation_valid', (call, [vm, op]) => {
    assertOpValid(call.server, str(vm), str(op));
    return VOID;
  });
  h.set('VM.update_allowed_operations', (call, [vm]) => {
    record(call.server, VM, str(vm));
    refreshAllowedOps(call.server, str(vm));
    return VOID;
  });
  return h;
}
