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
  hard_reboot: ['Running', 'Paused'], checkpoint: ['Running', 'Paused', 'Suspended'],
  hard_shutdown: ['Running', 'Paused', 'Suspended'], shutdown: ['Running', 'Paused', 'Suspended'],
  unpause: ['Paused'], resume: ['Suspended'], resume_on: ['Suspended'],
  snapshot: ANY, export: ['Halted', 'Suspended'], changing_dynamic_range: ['Halted', 'Running'],
};

/** What a template allows (xapi's check_template): memory and VCPU settings, copies, export, provision, destroy. */
const TEMPLATE_OPS = [
  'changing_dynamic_range', 'changing_static_range', 'changing_memory_limits', 'changing_shadow_memory', 'changing_VCPUs',
  'clone', 'copy', 'export', 'metadata_export', 'provision', 'destroy',
];
/** What a snapshot allows (xapi's check_snapshot). */
const SNAPSHOT_OPS = ['revert', 'clone', 'copy', 'export', 'destroy', 'hard_shutdown', 'metadata_export'];
/** Operations a snapshot may do while Suspended (a checkpoint), besides those NEEDS allows. */
const SNAPSHOT_SUSPENDED_OPS = ['clone', 'copy', 'destroy'];
/** Operations that may run together on one VM (xapi's is_allowed_concurrently): copies, or snapshots. */
const CONCURRENT: readonly (readonly string[])[] = [['clone', 'copy', 'export'], ['snapshot', 'checkpoint']];
/** The order xapi lists power states in VM_BAD_POWER_STATE's `expected`. */
const STATE_ORDER: readonly PowerState[] = ['Halted', 'Paused', 'Suspended', 'Running'];

export function powerState(vm: XenStruct): PowerState {
  const s = str(vm['power_state']);
  return (ANY as readonly string[]).includes(s) ? (s as PowerState) : 'Halted';
}

const lower = (s: PowerState): string => s.toLowerCase();

/** The power states `op` needs on this VM (undefined: any). */
function statesFor(vm: XenStruct, op: string): readonly PowerState[] | undefined {
  const needs = NEEDS[op];
  if (needs === undefined || !bool(vm['is_a_snapshot']) || !SNAPSHOT_SUSPENDED_OPS.includes(op)) return needs;
  return [...needs, 'Suspended'];
}

/** Whether `op` may start while the operations `running` are in progress. */
function allowedWith(op: string, running: readonly string[]): boolean {
  return running.length === 0 || CONCURRENT.some((group) => group.includes(op) && running.every((r) => group.includes(r)));
}

/** allowed_operations of a VM in its current state, restricted to the model's vm_operations enum. */
export function allowedOps(server: Pick<ServerContext, 'model'>, vm: XenStruct): string[] {
  const values = server.model.enums.get('vm_operations')?.values ?? [];
  const running = Object.values(strMap(vm['current_operations']));
  const state = powerState(vm);
  const inState = (op: string): boolean => statesFor(vm, op)?.includes(state) ?? true;
  let ops: readonly string[];
  if (bool(vm['is_a_snapshot'])) ops = SNAPSHOT_OPS.filter(inState);
  else if (bool(vm['is_a_template'])) {
    ops = TEMPLATE_OPS.filter((op) => inState(op) && !(op === 'destroy' && bool(vm['is_default_template'])));
  } else if (bool(vm['is_control_domain'])) ops = [];
  else ops = Object.keys(NEEDS).filter((op) => (NEEDS[op] ?? []).includes(state));
  return values.filter((v) => ops.includes(v) && allowedWith(v, running));
}

export function refreshAllowedOps(server: ServerContext, vmRef: string): void {
  const vm = server.store.get(VM, vmRef);
  if (vm === undefined) return;
  server.store.update(VM, vmRef, { allowed_operations: allowedOps(server, vm) });
}

/**
 * Throws the error xapi answers when `op` is not valid for the VM now, checking in xapi's order
 * (check_operation_error): blocked operations, the power state, another operation in progress, what the VM is
 * (template, snapshot), then whether it is a control domain. Copies (clone, copy, export) may run together, as may
 * snapshots and checkpoints.
 */
export function assertOpValid(server: ServerContext, vmRef: string, op: string): void {
  const vm = record(server, VM, vmRef);
  const blocked = strMap(vm['blocked_operations'])[op];
  if (blocked !== undefined) throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, [`${op} is blocked: ${blocked}`]);
  const needs = statesFor(vm, op);
  const state = powerState(vm);
  if (needs !== undefined && !needs.includes(state)) {
    const expected = STATE_ORDER.filter((s) => needs.includes(s)).map(lower).join(', ');
    throw new XenApiError(ERR.VM_BAD_POWER_STATE, [vmRef, expected, lower(state)]);
  }
  const current = Object.entries(strMap(vm['current_operations']));
  const busy = current[0];
  if (busy !== undefined && !allowedWith(op, current.map(([, o]) => o))) {
    throw new XenApiError(ERR.OTHER_OPERATION_IN_PROGRESS, [VM, vmRef, busy[1], busy[0]]);
  }
  const snapshot = bool(vm['is_a_snapshot']);
  if (bool(vm['is_a_template']) && !snapshot && !TEMPLATE_OPS.includes(op)) {
    throw new XenApiError(ERR.VM_IS_TEMPLATE, [vmRef, op]);
  }
  if (snapshot && !SNAPSHOT_OPS.includes(op)) throw new XenApiError(ERR.VM_IS_SNAPSHOT, [vmRef, op]);
  if (op === 'revert' && !snapshot) throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, ['revert needs a snapshot']);
  if (bool(vm['is_control_domain'])) {
    throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, [`${op} is not allowed on a control domain`]);
  }
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
