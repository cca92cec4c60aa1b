// Copies of whole VMs: clone (CoW disks), copy (full disks, optionally to another SR), snapshot and checkpoint.
// The new VM is Halted (a checkpoint is Suspended), owns new VBDs, VIFs, VDIs and metrics, and is linked both ways.
import type { XenStruct } from '../../model/types.js';
import { NULL_REF } from '../../model/values.js';
import { newRef, newUuid } from '../store/records.js';
import type { ServerContext } from '../context.js';
import { copyVbd, copyVdi, copyVif, detached, type DiskMode } from './device-copies.js';
import { createLinked, record } from './links.js';
import type { DiskContentHooks } from './options.js';
import { GUEST_NETWORKS, createSuspendImage, guestNetworks } from './power.js';
import { VM, refreshAllowedOps } from './vm-ops.js';
import { bool, fields, int, isRef, str, strList, strMap } from './values.js';

export type CopyMode = 'clone' | 'copy' | 'snapshot' | 'checkpoint';

export interface CopyOptions {
  /** Full copies go to this SR (NULL or absent: each disk's own SR). */
  readonly sr?: string;
  /** Disks a snapshot leaves out. */
  readonly ignoreVdis?: readonly string[];
  readonly disks?: DiskContentHooks;
}

export interface VmCopy {
  readonly vmRef: string;
  /** Original VDI -> its copy. */
  readonly vdiMap: ReadonlyMap<string, string>;
  /** Original VIF -> its copy (in device order of the original). */
  readonly vifMap: ReadonlyMap<string, string>;
}

const isDisk = (vbd: XenStruct | undefined): boolean => vbd !== undefined && str(vbd['type']) !== 'CD' && vbd['empty'] !== true;

/** Total virtual size of the VM's disks (for how long a copy takes). */
export function diskBytes(server: ServerContext, vmRef: string): bigint {
  let total = 0n;
  for (const vbd of strList(record(server, VM, vmRef)['VBDs'])) {
    const v = server.store.get('VBD', vbd);
    const vdi = str(v?.['VDI']);
    if (isDisk(v) && isRef(vdi)) total += int(server.store.get('VDI', vdi)?.['virtual_size']);
  }
  return total;
}

function pickSuspendSr(server: ServerContext, vm: XenStruct): string {
  const own = str(vm['suspend_SR']);
  if (isRef(own)) return own;
  for (const [, pool] of server.store.all('pool')) if (isRef(str(pool['suspend_image_SR']))) return str(pool['suspend_image_SR']);
  return NULL_REF;
}

export function copyVm(server: ServerContext, vmRef: string, newName: string, mode: CopyMode, opts: CopyOptions = {}): VmCopy {
  const src = record(server, VM, vmRef);
  const snapshot = mode === 'snapshot' || mode === 'checkpoint';
  const now = server.clock.now();
  const ref = newRef();
  const metrics = newRef();
  createLinked(server, 'VM_metrics', metrics, { install_time: now, last_updated: now });
  const otherConfig = strMap(src['other_config']);
  if (otherConfig['mac_seed'] !== undefined) otherConfig['mac_seed'] = newUuid();
  createLinked(server, VM, ref, {
    ...detached(server, VM, src), name_label: newName, metrics, guest_metrics: NULL_REF, domid: -1n, domarch: '',
    scheduled_to_be_resident_on: NULL_REF,
    power_state: mode === 'checkpoint' ? 'Suspended' : 'Halted', suspend_VDI: NULL_REF,
    is_a_template: snapshot || bool(src['is_a_template']) || bool(src['is_a_snapshot']),
    is_default_template: false, is_control_domain: false, is_a_snapshot: snapshot,
    snapshot_of: snapshot ? vmRef : NULL_REF, snapshot_time: snapshot ? now : new Date(0),
    parent: snapshot ? NULL_REF : vmRef, other_config: fields(otherConfig),
    last_booted_record: snapshot ? str(src['last_booted_record']) : '', blobs: fields(),
    [GUEST_NETWORKS]: fields(guestNetworks(src, server)),
  });
  const diskMode: DiskMode = mode === 'copy' ? 'copy' : mode === 'clone' ? 'clone' : 'snapshot';
  const vdiMap = new Map<string, string>();
  const ignore = new Set(opts.ignoreVdis ?? []);
  for (const vbd of strList(src['VBDs'])) {
    const v = server.store.get('VBD', vbd);
    if (v === undefined) continue;
    const vdi = str(v['VDI']);
    if (isRef(vdi) && ignore.has(vdi)) continue;
    let target = isRef(vdi) ? vdi : NULL_REF;
    if (isDisk(v) && isRef(vdi)) {
      target = copyVdi(server, vdi, diskMode, mode === 'copy' ? opts.sr : undefined, opts.disks);
      vdiMap.set(vdi, target);
    }
    copyVbd(server, vbd, ref, target);
  }
  const vifMap = new Map<string, string>();
  const vifs = strList(src['VIFs']).sort((a, b) =>
    Number(str(server.store.get('VIF', a)?.['device'])) - Number(str(server.store.get('VIF', b)?.['device'])));
  for (const vif of vifs) {
    if (server.store.has('VIF', vif)) vifMap.set(vif, copyVif(server, vif, ref, !snapshot));
  }
  if (mode === 'checkpoint') {
    const sr = pickSuspendSr(server, src);
    if (isRef(sr)) server.store.update(VM, ref, { suspend_VDI: createSuspendImage(server, src, sr) });
  }
  refreshAllowedOps(server, ref);
  return { vmRef: ref, vdiMap, vifMap };
}

/** VM.clone without customization: the hook the clone customizer builds on. */
export function cloneVm(server: ServerContext, vmRef: string, newName: string, disks?: DiskContentHooks): VmCopy {
  return copyVm(server, vmRef, newName, 'clone', disks !== undefined ? { disks } : {});
}
