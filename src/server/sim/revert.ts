// VM.revert (the snapshot's VM gets the snapshot's disks, NICs and configuration back) and VM.destroy (xapi
// semantics: the VM's VBDs, VIFs and metrics go, its VDIs stay).
import type { XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { NULL_REF } from '../../model/values.js';
import type { ServerContext } from '../context.js';
import { copyVbd, copyVdi, copyVif } from './device-copies.js';
import { destroyLinked, record, updateLinked } from './links.js';
import type { DiskContentHooks } from './options.js';
import { GUEST_NETWORKS, createSuspendImage, destroyVdiRecord, halt } from './power.js';
import { VM, powerState, refreshAllowedOps } from './vm-ops.js';
import { isRef, str, strList } from './values.js';

/** Configuration a revert restores (identity, placement history and relations stay the VM's own). */
const RESTORED = [
  'name_description', 'user_version', 'memory_overhead', 'memory_target', 'memory_static_max', 'memory_dynamic_max',
  'memory_dynamic_min', 'memory_static_min', 'VCPUs_params', 'VCPUs_max', 'VCPUs_at_startup', 'actions_after_shutdown',
  'actions_after_reboot', 'actions_after_crash', 'actions_after_softreboot', 'PV_bootloader', 'PV_kernel', 'PV_ramdisk',
  'PV_args', 'PV_bootloader_args', 'PV_legacy_args', 'HVM_boot_policy', 'HVM_boot_params', 'HVM_shadow_multiplier',
  'platform', 'PCI_bus', 'recommendations', 'xenstore_data', 'bios_strings', 'domain_type', 'NVRAM',
  'has_vendor_device', 'hardware_platform_version', 'last_booted_record', GUEST_NETWORKS,
];

/** Removes a VM's devices; its disks go too when `disks` (revert replaces them), except CDs and shared disks. */
function dropDevices(server: ServerContext, vmRef: string, disks: boolean, hooks?: DiskContentHooks): void {
  const vm = record(server, VM, vmRef);
  for (const vbd of strList(vm['VBDs'])) {
    const rec = server.store.get('VBD', vbd);
    const vdi = str(rec?.['VDI']);
    destroyLinked(server, 'VBD', vbd);
    if (!disks || !isRef(vdi) || str(rec?.['type']) === 'CD') continue;
    if (strList(server.store.get('VDI', vdi)?.['VBDs']).length > 0) continue;
    hooks?.destroyed(server, vdi);
    destroyVdiRecord(server, vdi);
  }
  for (const vif of strList(vm['VIFs'])) destroyLinked(server, 'VIF', vif);
}

export function revertTo(server: ServerContext, snapshotRef: string, hooks?: DiskContentHooks): void {
  const snap = record(server, VM, snapshotRef);
  const vmRef = str(snap['snapshot_of']);
  if (!isRef(vmRef) || !server.store.has(VM, vmRef)) throw new XenApiError(ERR.VM_REVERT_FAILED, [vmRef, snapshotRef]);
  if (powerState(record(server, VM, vmRef)) !== 'Halted') halt(server, vmRef);
  dropDevices(server, vmRef, true, hooks);
  for (const vbd of strList(snap['VBDs'])) {
    const v = server.store.get('VBD', vbd);
    const vdi = str(v?.['VDI']);
    const disk = isRef(vdi) && str(v?.['type']) !== 'CD';
    copyVbd(server, vbd, vmRef, disk ? copyVdi(server, vdi, 'clone', undefined, hooks) : vdi);
  }
  for (const vif of strList(snap['VIFs'])) copyVif(server, vif, vmRef, false);
  const restored: Record<string, XenValue> = {};
  for (const f of RESTORED) {
    const v = snap[f];
    if (v !== undefined) restored[f] = v;
  }
  updateLinked(server, VM, vmRef, restored);
  const image = str(snap['suspend_VDI']);
  if (powerState(snap) === 'Suspended' && isRef(image)) {
    const sr = str(server.store.get('VDI', image)?.['SR']);
    const copy = createSuspendImage(server, record(server, VM, vmRef), sr);
    updateLinked(server, VM, vmRef, { power_state: 'Suspended', suspend_VDI: copy });
  }
  refreshAllowedOps(server, vmRef);
}

/** Destroys the VM record with its VBDs, VIFs, metrics and guest metrics; its VDIs stay (xapi). */
export function destroyVm(server: ServerContext, vmRef: string): void {
  const vm = record(server, VM, vmRef);
  if (vm['is_default_template'] === true) throw new XenApiError(ERR.VM_CANNOT_DELETE_DEFAULT_TEMPLATE, [vmRef]);
  dropDevices(server, vmRef, false);
  const image = str(vm['suspend_VDI']);
  if (isRef(image)) destroyVdiRecord(server, image);
  for (const [cls, field] of [['VM_metrics', 'metrics'], ['VM_guest_metrics', 'guest_metrics']] as const) {
    const ref = str(vm[field]);
    if (isRef(ref)) destroyLinked(server, cls, ref);
  }
  server.store.update(VM, vmRef, { metrics: NULL_REF, guest_metrics: NULL_REF });
  destroyLinked(server, VM, vmRef);
}
