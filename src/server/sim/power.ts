// The effects of power transitions on the VM, its metrics, guest metrics, devices and its host. Callers check
// validity first (vm-ops.ts) and choose the host (placement.ts).
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { NULL_REF } from '../../model/values.js';
import { newRef } from '../store/records.js';
import type { ServerContext } from '../context.js';
import { alertMigrated, alertRebooted } from './alerts.js';
import { refreshHostCapabilities } from './capabilities.js';
import { createLinked, destroyLinked, record, updateLinked } from './links.js';
import { VM, refreshAllowedOps } from './vm-ops.js';
import { fields, int, isRef, str, strList, strMap } from './values.js';

/** Private VM field: the guest's addresses while it is not running (xapi drops guest metrics on halt). */
export const GUEST_NETWORKS = 'xenctl_guest_networks';
/** Private host field: the last domid handed out there, so ids are fresh. */
const LAST_DOMID = 'xenctl_last_domid';

function freshDomid(server: ServerContext, hostRef: string): bigint {
  const host = record(server, 'host', hostRef);
  let max = int(host[LAST_DOMID]);
  for (const vm of strList(host['resident_VMs'])) {
    const d = int(server.store.get(VM, vm)?.['domid']);
    if (d > max) max = d;
  }
  server.store.update('host', hostRef, { [LAST_DOMID]: max + 1n });
  return max + 1n;
}

function setDevicesAttached(server: ServerContext, vm: XenStruct, attached: boolean): void {
  for (const [cls, field] of [['VBD', 'VBDs'], ['VIF', 'VIFs']] as const) {
    for (const ref of strList(vm[field])) {
      if (!server.store.has(cls, ref)) continue;
      const empty = cls === 'VBD' && server.store.get(cls, ref)?.['empty'] === true;
      server.store.update(cls, ref, { currently_attached: attached && !empty,
        allowed_operations: attached ? ['attach', 'unplug'] : ['attach'] });
    }
  }
}

function updateMetrics(server: ServerContext, vmRef: string, vm: XenStruct, changes: Record<string, XenValue>): void {
  const now = server.clock.now();
  let metrics = str(vm['metrics']);
  if (!isRef(metrics) || !server.store.has('VM_metrics', metrics)) {
    metrics = newRef();
    createLinked(server, 'VM_metrics', metrics, { install_time: now });
    server.store.update(VM, vmRef, { metrics });
  }
  server.store.update('VM_metrics', metrics, { ...changes, last_updated: now });
}

/** The guest's addresses: from live guest metrics, else remembered from its last run. */
export function guestNetworks(vm: XenStruct, server: ServerContext): Record<string, string> {
  const gm = str(vm['guest_metrics']);
  const live = isRef(gm) ? server.store.get('VM_guest_metrics', gm) : undefined;
  return live !== undefined ? strMap(live['networks']) : strMap(vm[GUEST_NETWORKS]);
}

/** Sets the addresses the guest reports (for the customization of clones); live guest metrics follow at once. */
export function setGuestNetworks(server: ServerContext, vmRef: string, networks: Readonly<Record<string, string>>): void {
  const vm = record(server, VM, vmRef);
  server.store.update(VM, vmRef, { [GUEST_NETWORKS]: fields(networks) });
  const gm = str(vm['guest_metrics']);
  if (isRef(gm) && server.store.has('VM_guest_metrics', gm)) {
    server.store.update('VM_guest_metrics', gm, { networks: fields(networks), last_updated: server.clock.now() });
  }
}

function bringGuestUp(server: ServerContext, vmRef: string, vm: XenStruct): void {
  const now = server.clock.now();
  const gm = str(vm['guest_metrics']);
  if (isRef(gm) && server.store.has('VM_guest_metrics', gm)) {
    server.store.update('VM_guest_metrics', gm, { live: true, last_updated: now });
    return;
  }
  const ref = newRef();
  createLinked(server, 'VM_guest_metrics', ref, {
    networks: fields(strMap(vm[GUEST_NETWORKS])), live: true, last_updated: now, PV_drivers_detected: true,
    PV_drivers_up_to_date: true, PV_drivers_version: fields({ major: '8', minor: '4', micro: '0', build: '1' }),
    other: fields({ 'feature-shutdown': '1', 'feature-suspend': '1' }), can_use_hotplug_vbd: 'yes', can_use_hotplug_vif: 'yes',
  });
  server.store.update(VM, vmRef, { guest_metrics: ref });
}

function dropGuest(server: ServerContext, vmRef: string, vm: XenStruct): void {
  const gm = str(vm['guest_metrics']);
  server.store.update(VM, vmRef, { [GUEST_NETWORKS]: fields(guestNetworks(vm, server)), guest_metrics: NULL_REF });
  if (isRef(gm)) destroyLinked(server, 'VM_guest_metrics', gm);
}

function afterChange(server: ServerContext, vmRef: string, hosts: readonly string[]): void {
  refreshAllowedOps(server, vmRef);
  for (const h of new Set(hosts)) if (isRef(h)) refreshHostCapabilities(server, h);
}

/** Halted or Suspended -> Running (or Paused) on the host. */
export function boot(server: ServerContext, vmRef: string, hostRef: string, paused: boolean): void {
  const vm = record(server, VM, vmRef);
  const memory = int(vm['memory_static_max']);
  updateLinked(server, VM, vmRef, {
    power_state: paused ? 'Paused' : 'Running', resident_on: hostRef, scheduled_to_be_resident_on: NULL_REF,
    domid: freshDomid(server, hostRef), domarch: 'x64', memory_target: memory,
  });
  const vcpus = int(vm['VCPUs_at_startup']);
  updateMetrics(server, vmRef, vm, {
    memory_actual: memory, VCPUs_number: vcpus, start_time: server.clock.now(), state: paused ? ['paused'] : [],
    VCPUs_CPU: fields(Object.fromEntries(Array.from({ length: Number(vcpus) }, (_, i) => [String(i), String(i)]))),
    current_domain_type: str(vm['domain_type']) === 'pv' ? 'pv' : 'hvm',
  });
  bringGuestUp(server, vmRef, record(server, VM, vmRef));
  setDevicesAttached(server, record(server, VM, vmRef), true);
  afterChange(server, vmRef, [hostRef]);
}

/** Any state -> Halted (also the DB-only power_state_reset). */
export function halt(server: ServerContext, vmRef: string): void {
  const vm = record(server, VM, vmRef);
  const host = str(vm['resident_on']);
  const suspendVdi = str(vm['suspend_VDI']);
  updateLinked(server, VM, vmRef, {
    power_state: 'Halted', resident_on: NULL_REF, scheduled_to_be_resident_on: NULL_REF, domid: -1n, domarch: '',
    suspend_VDI: NULL_REF,
  });
  if (isRef(suspendVdi)) destroyVdiRecord(server, suspendVdi);
  updateMetrics(server, vmRef, vm, { memory_actual: 0n, VCPUs_number: 0n, VCPUs_CPU: fields(), state: [] });
  dropGuest(server, vmRef, record(server, VM, vmRef));
  setDevicesAttached(server, vm, false);
  afterChange(server, vmRef, [host]);
}

export function destroyVdiRecord(server: ServerContext, vdiRef: string): void {
  const sr = str(server.store.get('VDI', vdiRef)?.['SR']);
  destroyLinked(server, 'VDI', vdiRef);
  if (isRef(sr)) refreshSrUsage(server, sr);
}

/** SR.physical_utilisation and virtual_allocation from its VDIs. */
export function refreshSrUsage(server: ServerContext, srRef: string): void {
  const sr = server.store.get('SR', srRef);
  if (sr === undefined) return;
  let physical = 0n;
  let virtual = 0n;
  for (const vdi of strList(sr['VDIs'])) {
    const v = server.store.get('VDI', vdi);
    physical += int(v?.['physical_utilisation']);
    virtual += int(v?.['virtual_size']);
  }
  server.store.update('SR', srRef, { physical_utilisation: physical, virtual_allocation: virtual });
}

/** The SR a suspend image goes to: the VM's suspend_SR, its host's, or the pool's. */
function suspendSr(server: ServerContext, vmRef: string, vm: XenStruct): string {
  const own = str(vm['suspend_SR']);
  if (isRef(own) && server.store.has('SR', own)) return own;
  const host = str(vm['resident_on']);
  const hostSr = isRef(host) ? str(server.store.get('host', host)?.['suspend_image_sr']) : '';
  if (isRef(hostSr) && server.store.has('SR', hostSr)) return hostSr;
  for (const [, pool] of server.store.all('pool')) {
    const sr = str(pool['suspend_image_SR']);
    if (isRef(sr) && server.store.has('SR', sr)) return sr;
  }
  throw new XenApiError(ERR.VM_NO_SUSPEND_SR, [vmRef]);
}

/** What a VDI holding a domain's memory is: its type and how it is named. */
export interface MemoryImageKind {
  readonly type: 'suspend' | 'crashdump';
  readonly nameLabel: string;
  readonly nameDescription: string;
}

/** A VDI on `sr` sized to the VM's memory (a suspend image or a crash dump). */
export function createMemoryImage(server: ServerContext, vm: XenStruct, sr: string, kind: MemoryImageKind): string {
  const ref = newRef();
  const memory = int(vm['memory_static_max']);
  createLinked(server, 'VDI', ref, {
    name_label: kind.nameLabel, name_description: kind.nameDescription,
    SR: sr, virtual_size: memory, physical_utilisation: memory, type: kind.type, managed: true,
    sm_config: fields({ vdi_type: 'vhd' }), allowed_operations: ['destroy'],
  });
  server.store.update('VDI', ref, { location: str(server.store.get('VDI', ref)?.['uuid']) });
  refreshSrUsage(server, sr);
  return ref;
}

/** A memory image VDI for the VM on `sr`. */
export function createSuspendImage(server: ServerContext, vm: XenStruct, sr: string): string {
  return createMemoryImage(server, vm, sr, {
    type: 'suspend', nameLabel: `Suspend image for ${str(vm['name_label'])}`, nameDescription: 'Memory image of the suspended VM',
  });
}

/** Running -> Suspended: the memory image goes to a suspend VDI; the host's memory is released. */
export function suspend(server: ServerContext, vmRef: string): void {
  const vm = record(server, VM, vmRef);
  const host = str(vm['resident_on']);
  const image = createSuspendImage(server, vm, suspendSr(server, vmRef, vm));
  updateLinked(server, VM, vmRef, {
    power_state: 'Suspended', resident_on: NULL_REF, scheduled_to_be_resident_on: NULL_REF, domid: -1n, domarch: '',
    suspend_VDI: image,
  });
  updateMetrics(server, vmRef, vm, { memory_actual: 0n, VCPUs_number: 0n, VCPUs_CPU: fields(), state: [] });
  const gm = str(vm['guest_metrics']);
  if (isRef(gm) && server.store.has('VM_guest_metrics', gm)) server.store.update('VM_guest_metrics', gm, { live: false });
  setDevicesAttached(server, vm, false);
  afterChange(server, vmRef, [host]);
}

/** Suspended -> Running/Paused on the host; the suspend image is consumed. */
export function resume(server: ServerContext, vmRef: string, hostRef: string, paused: boolean): void {
  const image = str(record(server, VM, vmRef)['suspend_VDI']);
  server.store.update(VM, vmRef, { suspend_VDI: NULL_REF });
  if (isRef(image)) destroyVdiRecord(server, image);
  boot(server, vmRef, hostRef, paused);
}

/** Same host, a new domain (a reboot, or a restart after a crash). */
export function newDomain(server: ServerContext, vmRef: string): void {
  const vm = record(server, VM, vmRef);
  const host = str(vm['resident_on']);
  server.store.update(VM, vmRef, { power_state: 'Running', domid: freshDomid(server, host) });
  updateMetrics(server, vmRef, vm, { start_time: server.clock.now(), state: [] });
  afterChange(server, vmRef, [host]);
}

/** A reboot: same host, a new domain. */
export function reboot(server: ServerContext, vmRef: string): void {
  newDomain(server, vmRef);
  alertRebooted(server, vmRef);
}

export function setPaused(server: ServerContext, vmRef: string, paused: boolean): void {
  const vm = record(server, VM, vmRef);
  server.store.update(VM, vmRef, { power_state: paused ? 'Paused' : 'Running' });
  updateMetrics(server, vmRef, vm, { state: paused ? ['paused'] : [] });
  afterChange(server, vmRef, []);
}

/** Moves a live VM's residence (pool_migrate, VM.migrate, evacuate). */
export function moveResidence(server: ServerContext, vmRef: string, dest: string): void {
  const from = str(record(server, VM, vmRef)['resident_on']);
  updateLinked(server, VM, vmRef, { resident_on: dest, scheduled_to_be_resident_on: NULL_REF, domid: freshDomid(server, dest) });
  afterChange(server, vmRef, [from, dest]);
  if (from !== dest) alertMigrated(server, vmRef, from, dest);
}
