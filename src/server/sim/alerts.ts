// Messages the simulator raises for notable events, as xapi raises its alerts: a VM crashed (VM.simulate_crash) or
// rebooted, a migration finished, a qualification that failed, a host that ran low on memory. Priorities follow
// xapi's table (api_messages): 1 most important ... 5 informational; VM_CRASHED is 2, VM_REBOOTED 5.
import type { ServerContext } from '../context.js';
import { MESSAGE_CLASS } from '../events/log.js';
import { raiseMessage } from '../events/messages.js';
import { str } from './values.js';

export const ALERT = {
  vmCrashed: 'VM_CRASHED',
  vmRebooted: 'VM_REBOOTED',
  vmMigrated: 'VM_MIGRATED',
  qualificationFailed: 'VM_QUALIFICATION_FAILED',
  hostLowMemory: 'HOST_LOW_MEMORY',
} as const;

/** Below this share of its total memory free, a host is low on memory. */
export const LOW_MEMORY_SHARE = 10n;

type Alerter = Pick<ServerContext, 'store' | 'model' | 'clock'>;

function nameOf(server: Alerter, cls: string, ref: string): string {
  return str(server.store.get(cls, ref)?.['name_label']) || ref;
}

function uuidOf(server: Alerter, cls: string, ref: string): string {
  return str(server.store.get(cls, ref)?.['uuid']);
}

/** A query's alert (a failed qualification) identical to one raised this recently is not raised again. */
const REPEAT_MS = 60_000;

function raisedRecently(server: Alerter, name: string, objUuid: string, body: string): boolean {
  const since = server.clock.now().getTime() - REPEAT_MS;
  for (const [, m] of server.store.all(MESSAGE_CLASS)) {
    const at = m['timestamp'];
    if (m['name'] === name && m['obj_uuid'] === objUuid && m['body'] === body && at instanceof Date && at.getTime() >= since) return true;
  }
  return false;
}

function raise(server: Alerter, cls: 'VM' | 'Host', ref: string, name: string, priority: number, body: string, dedupe = false): void {
  const objUuid = uuidOf(server, cls === 'VM' ? 'VM' : 'host', ref);
  if (objUuid === '' || (dedupe && raisedRecently(server, name, objUuid, body))) return;
  raiseMessage(server, { name, priority, cls, objUuid, body });
}

/** `action`: the VM's actions_after_crash, which the body names (what happens next). */
export function alertCrashed(server: Alerter, vm: string, action: string): void {
  raise(server, 'VM', vm, ALERT.vmCrashed, 2, `VM ${nameOf(server, 'VM', vm)} crashed (actions_after_crash: ${action})`);
}

export function alertRebooted(server: Alerter, vm: string): void {
  raise(server, 'VM', vm, ALERT.vmRebooted, 5, `VM ${nameOf(server, 'VM', vm)} was rebooted`);
}

export function alertMigrated(server: Alerter, vm: string, from: string, to: string): void {
  const body = `VM ${nameOf(server, 'VM', vm)} migrated from ${nameOf(server, 'host', from)} to ${nameOf(server, 'host', to)}`;
  raise(server, 'VM', vm, ALERT.vmMigrated, 5, body);
}

/** `failures`: the failed checks' texts (`tpm: host has no TPM, VM needs a TPM`). */
export function alertNotQualified(server: Alerter, vm: string, host: string, failures: readonly string[]): void {
  const why = failures.length > 0 ? `: ${failures.join('; ')}` : '';
  const body = `VM ${nameOf(server, 'VM', vm)} does not qualify for host ${nameOf(server, 'host', host)}${why}`;
  raise(server, 'VM', vm, ALERT.qualificationFailed, 4, body, true);
}

const isLow = (free: bigint, total: bigint): boolean => total > 0n && free * 100n < total * LOW_MEMORY_SHARE;

/** Raised once when a host's free memory crosses below the threshold (not again while it stays low). */
export function alertIfLowMemory(server: Alerter, host: string, before: bigint, after: bigint, total: bigint): void {
  if (!isLow(after, total) || isLow(before, total)) return;
  const gib = (n: bigint): string => `${(Number(n) / 2 ** 30).toFixed(1)} GiB`;
  const body = `host ${nameOf(server, 'host', host)} is low on memory: ${gib(after)} free of ${gib(total)}`;
  raise(server, 'Host', host, ALERT.hostLowMemory, 3, body);
}
