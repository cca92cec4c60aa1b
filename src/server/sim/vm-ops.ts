// Which VM operations each power state allows (as xapi lists them in allowed_operations), the errors for the rest,
// and current_operations bookkeeping while an operation runs.
import type { XenStruct } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { newRef } from '../store/records.js';
import type { CallContext, ServerContext } from '../context.js';
import { callTask } from '../tasks.js';
import { record } from './links.js';
import { bool, str, strMap } from './values.js';

export const VM = 'VM';
export type PowerState = 'Halted' | 'Running' | 'Paused' | 'Suspended';

const ANY: readonly PowerState[] = ['Halted', 'Running', 'Paused', 'Suspended'];

/** The power states an operation needs; operations absent here are not power-state bound. */
export const NEEDS: Readonly<Record<string, readonly PowerState[]>> = {
  start: ['Halted'], start_on: ['Halted'], clone: ['Halted'], copy: ['Halted'], destroy: ['Halted'],
  provision: ['Halted'], make_into_template: ['Halted'], changing_static_range: ['Halted'],
  changing_memory_limits: ['Halted'], changing_VCPUs: ['Halted'], changing_NVRAM: ['Halted'],
  clean_shutdown: ['Running'], clean_reboot: ['Running'], suspend: ['Running'], pause: ['Running'],
  pool_migrate: ['Running'], migrate_send: ['Running'], changing_VCPUs_live: ['Running'],
  send_sysrq: ['Running'], send_trigger: ['Running'], call_plugin: ['Running'],
  hard_reboot: ['Running', 'Paused'], checkpoint: ['Running', 'Paused'],
  hard_shutdown: ['Running', 'Paused', 'Suspended'], shutdown: ['Running', 'Paused', 'Suspended'],
  unpause: ['Paused'], resume: ['Suspended'], resume_on: ['Suspended'],
  snapshot: ANY, export: ['Halted', 'Suspended'], changing_dynamic_range: ['Halted', 'Running'],
};

/** What a template or snapshot (both is_a_template) allows. */
const TEMPLATE_OPS = ['clone', 'copy', 'export', 'provision', 'destroy', 'changing_memory_limits', 'changing_VCPUs'];
const SNAPSHOT_OPS = ['clone', 'copy', 'export', 'destroy', 'revert'];

export function powerState(vm: XenStruct): PowerState {
  const s = str(vm['power_state']);
  return (ANY as readonly string[]).includes(s) ? (s as PowerState) : 'Halted';
}

const lower = (s: PowerState): string => s.toLowerCase();

/** allowed_operations of a VM in its current state, restricted to the model's vm_operations enum. */
export function allowedOps(server: Pick<ServerContext, 'model'>, vm: XenStruct): string[] {
  const values = server.model.enums.get('vm_operations')?.values ?? [];
  if (Object.keys(strMap(vm['current_operations'])).length > 0) return [];
  let ops: readonly string[];
  if (bool(vm['is_a_snapshot'])) ops = SNAPSHOT_OPS;
  else if (bool(vm['is_a_template'])) ops = TEMPLATE_OPS;
  else if (bool(vm['is_control_domain'])) ops = [];
  else {
    const state = powerState(vm);
    ops = Object.keys(NEEDS).filter((op) => (NEEDS[op] ?? []).includes(state));
  }
  return values.filter((v) => ops.includes(v));
}

export function refreshAllowedOps(server: ServerContext, vmRef: string): void {
  const vm = server.store.get(VM, vmRef);
  if (vm === undefined) return;
  server.store.update(VM, vmRef, { allowed_operations: allowedOps(server, vm) });
}

/**
 * Throws the error xapi answers when `op` is not valid for the VM now: what the VM is (control domain, template,
 * snapshot), then its power state, then blocked operations, then another operation in progress.
 */
export function assertOpValid(server: ServerContext, vmRef: string, op: string): void {
  const vm = record(server, VM, vmRef);
  if (bool(vm['is_control_domain'])) {
    throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, [`${op} is not allowed on a control domain`]);
  }
  if (bool(vm['is_a_template'])) {
    const snapshot = bool(vm['is_a_snapshot']);
    if (!(snapshot ? SNAPSHOT_OPS : TEMPLATE_OPS).includes(op)) {
      throw new XenApiError(snapshot ? ERR.VM_IS_SNAPSHOT : ERR.VM_IS_TEMPLATE, [vmRef, op]);
    }
  } else {
    if (op === 'revert') throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, ['revert needs a snapshot']);
    const needs = NEEDS[op];
    const state = powerState(vm);
    if (needs !== undefined && !needs.includes(state)) {
      throw new XenApiError(ERR.VM_BAD_POWER_STATE, [vmRef, needs.map(lower).join(', '), lower(state)]);
    }
  }
  const blocked = strMap(vm['blocked_operations'])[op];
  if (blocked !== undefined) throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, [`${op} is blocked: ${blocked}`]);
  const busy = Object.entries(strMap(vm['current_operations']))[0];
  if (busy !== undefined) throw new XenApiError(ERR.OTHER_OPERATION_IN_PROGRESS, [VM, vmRef, busy[1], busy[0]]);
}

/**
 * Runs `work` as operation `op` on the VM: checks it is valid, lists it in current_operations (keyed by the task
 * ref of an Async call, else a fresh id) while it runs, and recomputes allowed_operations before and after.
 */
export async function withVmOperation<T>(
  call: CallContext, vmRef: string, op: string, work: () => T | Promise<T>, check = true,
): Promise<T> {
  const { server } = call;
  if (check) assertOpValid(server, vmRef, op);
  const id = callTask(call) ?? newRef();
  const mark = (on: boolean): void => {
    const vm = server.store.get(VM, vmRef);
    if (vm === undefined) return;
    const ops = strMap(vm['current_operations']);
    if (on) ops[id] = op;
    else delete ops[id];
    server.store.update(VM, vmRef, { current_operations: ops });
    refreshAllowedOps(server, vmRef);
  };
  mark(true);
  try {
    return await work();
  } finally {
    mark(false);
  }
}
