// The placement checks of a VM on a host, each with its outcome, its xapi error and a qualification text
// ("pass" or "fail: host has X, VM needs Y"). Boot placement raises the first failure; host.get_qualification
// reports them all.
import type { XenStruct } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { ServerContext } from '../context.js';
import { record } from './links.js';
import { freeFor, memoryNeeded } from './memory.js';
import { bool, int, isRef, str, strList } from './values.js';

export type CheckName = 'memory' | 'tpm' | 'bandwidth' | 'cpu_features' | 'enabled' | 'networks' | 'storage';

/** The qualification map's order (INTERFACES.md). */
export const CHECK_NAMES: readonly CheckName[] = ['memory', 'tpm', 'bandwidth', 'cpu_features', 'enabled', 'networks', 'storage'];
/** The order boot placement raises failures in (xapi checks the host, then storage and networks, then memory). */
const RAISE_ORDER: readonly CheckName[] = ['enabled', 'storage', 'networks', 'memory', 'tpm', 'bandwidth', 'cpu_features'];
const REQUIREMENT_CHECKS: readonly CheckName[] = ['tpm', 'bandwidth', 'cpu_features'];

export interface CheckResult {
  readonly name: CheckName;
  /** undefined when the check passes. */
  readonly failure?: { readonly text: string; readonly error: XenApiError };
}

const GiB = 1024n ** 3n;
const MiB = 1024n ** 2n;

export function formatBytes(n: bigint): string {
  if (n !== 0n && n % GiB === 0n) return `${n / GiB} GiB`;
  if (n !== 0n && n % MiB === 0n) return `${n / MiB} MiB`;
  return `${n} bytes`;
}

const nameOf = (server: ServerContext, cls: string, ref: string): string =>
  str(server.store.get(cls, ref)?.['name_label']) || ref;

/** SRs the VM's disks live on, and a suspended VM's memory image (xapi's assert_can_see_SRs). */
export function vmSrs(server: ServerContext, vm: XenStruct): string[] {
  const out = new Set<string>();
  const vdis = strList(vm['VBDs']).map((vbd) => str(server.store.get('VBD', vbd)?.['VDI']));
  if (str(vm['power_state']) === 'Suspended') vdis.push(str(vm['suspend_VDI']));
  for (const vdi of vdis) {
    const sr = isRef(vdi) ? str(server.store.get('VDI', vdi)?.['SR']) : '';
    if (isRef(sr)) out.add(sr);
  }
  return [...out];
}

export function vmNetworks(server: ServerContext, vm: XenStruct): string[] {
  const out = new Set<string>();
  for (const vif of strList(vm['VIFs'])) {
    const net = str(server.store.get('VIF', vif)?.['network']);
    if (isRef(net)) out.add(net);
  }
  return [...out];
}

export function hostSeesSr(server: ServerContext, hostRef: string, sr: string): boolean {
  return strList(server.store.get('SR', sr)?.['PBDs']).some((pbd) => {
    const p = server.store.get('PBD', pbd);
    return p?.['host'] === hostRef && p['currently_attached'] !== false;
  });
}

export function hostOnNetwork(server: ServerContext, hostRef: string, net: string): boolean {
  const pifs = strList(server.store.get('network', net)?.['PIFs']);
  // A network without any PIF (host-internal) is available everywhere.
  return pifs.length === 0 || pifs.some((pif) => server.store.get('PIF', pif)?.['host'] === hostRef);
}

function hostLive(server: ServerContext, host: XenStruct): boolean {
  const metrics = str(host['metrics']);
  const m = isRef(metrics) ? server.store.get('host_metrics', metrics) : undefined;
  return m === undefined || m['live'] !== false;
}

function check(
  server: ServerContext, name: CheckName, vmRef: string, vm: XenStruct, hostRef: string, host: XenStruct,
): CheckResult {
  const fail = (text: string, error: XenApiError): CheckResult => ({ name, failure: { text: `fail: ${text}`, error } });
  const incompatible = (text: string): CheckResult =>
    fail(text, new XenApiError(ERR.VM_INCOMPATIBLE_WITH_THIS_HOST, [vmRef, hostRef, text]));
  switch (name) {
    case 'enabled':
      if (!hostLive(server, host)) {
        return fail('host has power off, VM needs a live host', new XenApiError(ERR.HOST_NOT_LIVE, []));
      }
      if (!bool(host['enabled'])) {
        return fail('host has enabled=false, VM needs an enabled host', new XenApiError(ERR.HOST_DISABLED, [hostRef]));
      }
      return { name };
    case 'storage': {
      const missing = vmSrs(server, vm).find((sr) => !hostSeesSr(server, hostRef, sr));
      if (missing === undefined) return { name };
      const sr = nameOf(server, 'SR', missing);
      return fail(`host has no PBD for SR ${sr}, VM needs ${sr}`, new XenApiError(ERR.VM_REQUIRES_SR, [vmRef, missing]));
    }
    case 'networks': {
      const missing = vmNetworks(server, vm).find((net) => !hostOnNetwork(server, hostRef, net));
      if (missing === undefined) return { name };
      const net = nameOf(server, 'network', missing);
      return fail(`host has no PIF on ${net}, VM needs ${net}`, new XenApiError(ERR.VM_REQUIRES_NETWORK, [vmRef, missing]));
    }
    case 'memory': {
      const needed = memoryNeeded(vm);
      const available = freeFor(server, vmRef, hostRef);
      if (available >= needed) return { name };
      return fail(`host has ${formatBytes(available)} free, VM needs ${formatBytes(needed)}`,
        new XenApiError(ERR.HOST_NOT_ENOUGH_FREE_MEMORY, [String(needed), String(available)]));
    }
    case 'tpm':
      if (!bool(vm['requires_tpm']) || bool(host['tpm'])) return { name };
      return incompatible('host has no TPM, VM needs a TPM');
    case 'bandwidth': {
      const needed = int(vm['requires_bandwidth']);
      const has = int(host['bandwidth']);
      if (has >= needed) return { name };
      return incompatible(`host has ${has} Mbit/s, VM needs ${needed} Mbit/s`);
    }
    case 'cpu_features': {
      const needed = strList(vm['requires_cpu_features']);
      const has = strList(host['cpu_features']);
      const missing = needed.filter((f) => !has.includes(f));
      if (missing.length === 0) return { name };
      const offered = has.join(' ') || 'no CPU features';
      return incompatible(`host has ${offered}, VM needs ${needed.join(' ')} (missing ${missing.join(' ')})`);
    }
  }
}

function requirementsOn(server: ServerContext): boolean {
  return server.model.findField('VM', 'requires_tpm') !== undefined;
}

/** Every check in qualification order. */
export function runChecks(server: ServerContext, vmRef: string, hostRef: string): CheckResult[] {
  const vm = record(server, 'VM', vmRef);
  const host = record(server, 'host', hostRef);
  const names = requirementsOn(server) ? CHECK_NAMES : CHECK_NAMES.filter((n) => !REQUIREMENT_CHECKS.includes(n));
  return names.map((n) => check(server, n, vmRef, vm, hostRef, host));
}

/** The error of the first failure among `results`, in the order xapi raises them. */
export function firstFailure(results: readonly CheckResult[]): XenApiError | undefined {
  for (const name of RAISE_ORDER) {
    const failure = results.find((r) => r.name === name)?.failure;
    if (failure !== undefined) return failure.error;
  }
  return undefined;
}

/** The first failing check's error, in xapi's order, or undefined when the VM can boot on the host. */
export function bootFailure(server: ServerContext, vmRef: string, hostRef: string): XenApiError | undefined {
  return firstFailure(runChecks(server, vmRef, hostRef));
}

/** assert_can_boot_here: throws the first failure. */
export function assertCanBootHere(server: ServerContext, vmRef: string, hostRef: string): void {
  const e = bootFailure(server, vmRef, hostRef);
  if (e !== undefined) throw e;
}
