// A crash of a running VM's domain (VM.simulate_crash, an extension: the simulator has no other crash path), and
// what follows it as xapi applies the VM's actions_after_crash (xapi hands xenopsd: destroy -> shut down; restart,
// rename_restart -> start again; preserve -> pause, the domain kept; coredump_and_* -> dump first).
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { NULL_REF } from '../../model/values.js';
import { newRef } from '../store/records.js';
import type { ServerContext } from '../context.js';
import { alertCrashed } from './alerts.js';
import { createLinked, record } from './links.js';
import { createMemoryImage, halt, newDomain, setPaused } from './power.js';
import { VM, assertOpValid, powerState } from './vm-ops.js';
import { fields, int, isRef, str } from './values.js';

/** The operation name refusals carry (VM_IS_TEMPLATE [vm, op]); not a vm_operations value, so never allowed_operations. */
export const CRASH_OP = 'simulate_crash';

export type CrashAction = 'destroy' | 'restart' | 'rename_restart' | 'preserve' | 'coredump_and_destroy' | 'coredump_and_restart';

const ACTIONS: readonly CrashAction[] = ['destroy', 'restart', 'rename_restart', 'preserve', 'coredump_and_destroy', 'coredump_and_restart'];

/** The VM's actions_after_crash; an unset or unknown value is xapi's default, restart. */
export function crashAction(value: unknown): CrashAction {
  return (ACTIONS as readonly unknown[]).includes(value) ? (value as CrashAction) : 'restart';
}

/** The SR a crash dump goes to: the host's crash_dump_sr, else the pool's crash_dump_SR, else its default_SR. */
function dumpSr(server: ServerContext, host: string): string | undefined {
  const candidates = [isRef(host) ? str(server.store.get('host', host)?.['crash_dump_sr']) : ''];
  for (const [, pool] of server.store.all('pool')) candidates.push(str(pool['crash_dump_SR']), str(pool['default_SR']));
  return candidates.find((sr) => isRef(sr) && server.store.has('SR', sr));
}

/** A crashdump object of the VM, with a VDI of type crashdump holding the domain's memory (when an SR takes it). */
export function recordCrashDump(server: ServerContext, vmRef: string): string {
  const vm = record(server, VM, vmRef);
  const sr = dumpSr(server, str(vm['resident_on']));
  const vdi = sr === undefined ? NULL_REF : createMemoryImage(server, vm, sr, {
    type: 'crashdump', nameLabel: `Crash dump of ${str(vm['name_label'])}`, nameDescription: 'Memory of the crashed domain',
  });
  const dump = newRef();
  createLinked(server, 'crashdump', dump, {
    VM: vmRef, VDI: vdi, other_config: fields({ time: server.clock.now().toISOString(), domid: String(int(vm['domid'])) }),
  });
  return dump;
}

/** Crashes the VM's domain: VM_BAD_POWER_STATE unless Running; raises VM_CRASHED, then applies actions_after_crash. */
export function crashVm(server: ServerContext, vmRef: string): CrashAction {
  assertOpValid(server, vmRef, CRASH_OP);
  const state = powerState(record(server, VM, vmRef));
  if (state !== 'Running') throw new XenApiError(ERR.VM_BAD_POWER_STATE, [vmRef, 'running', state.toLowerCase()]);
  const action = crashAction(record(server, VM, vmRef)['actions_after_crash']);
  alertCrashed(server, vmRef, action);
  if (action === 'coredump_and_destroy' || action === 'coredump_and_restart') recordCrashDump(server, vmRef);
  if (action === 'destroy' || action === 'coredump_and_destroy') halt(server, vmRef);
  else if (action === 'preserve') setPaused(server, vmRef, true);
  else newDomain(server, vmRef);
  return action;
}
