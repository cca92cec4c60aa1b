// VM.migrate_send within the pool: the VM's disks may move to other SRs (vdi_map) and its NICs to other networks
// (vif_map) on the way to the destination host. Disks are copied, re-attached and the originals destroyed.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, ServerContext } from '../context.js';
import { firstFailure, hostOnNetwork, hostSeesSr, runChecks } from './checks.js';
import { copyVdi } from './device-copies.js';
import { record, updateLinked } from './links.js';
import { moveVm } from './migrate.js';
import type { SimOptions } from './options.js';
import { destroyVdiRecord } from './power.js';
import { runSteps } from './progress.js';
import { VM, assertOpValid } from './vm-ops.js';
import { int, isRef, str, strList } from './values.js';

export const MIGRATE_SEND = 'migrate_send';
const GiB = 1024n ** 3n;

export interface Remap {
  /** VDI -> the SR it moves to. */
  readonly vdis: ReadonlyMap<string, string>;
  /** VIF -> the network it moves to. */
  readonly vifs: ReadonlyMap<string, string>;
}

/** The VM's disks (VBD -> VDI), CDs and empty drives left out. */
function disks(server: ServerContext, vm: string): Array<[string, string]> {
  return strList(record(server, VM, vm)['VBDs']).flatMap((vbd): Array<[string, string]> => {
    const v = server.store.get('VBD', vbd);
    const vdi = str(v?.['VDI']);
    return v !== undefined && str(v['type']) !== 'CD' && isRef(vdi) ? [[vbd, vdi]] : [];
  });
}

/** The dry run of migrate_send: the error it would raise, thrown. */
export function assertCanMigrateSend(server: ServerContext, vm: string, dest: string, remap: Remap): void {
  assertOpValid(server, vm, MIGRATE_SEND);
  record(server, 'host', dest);
  for (const [, vdi] of disks(server, vm)) {
    const sr = remap.vdis.get(vdi) ?? str(record(server, 'VDI', vdi)['SR']);
    if (!hostSeesSr(server, dest, sr)) throw new XenApiError(ERR.VM_REQUIRES_SR, [vm, sr]);
  }
  for (const vif of strList(record(server, VM, vm)['VIFs'])) {
    const net = remap.vifs.get(vif) ?? str(server.store.get('VIF', vif)?.['network']);
    if (isRef(net) && !hostOnNetwork(server, dest, net)) throw new XenApiError(ERR.VM_REQUIRES_NETWORK, [vm, net]);
  }
  const e = firstFailure(runChecks(server, vm, dest).filter((r) => r.name !== 'storage' && r.name !== 'networks'));
  if (e !== undefined) throw e;
}

/**
 * Moves the disks and NICs as mapped, then the VM; the caller holds the operation. A cancel before the disks are
 * copied changes nothing; one during the host move leaves the disks where they went (as with xapi).
 */
export async function migrateSend(
  call: CallContext, opts: SimOptions, vm: string, dest: string, remap: Remap,
): Promise<void> {
  const { server } = call;
  const moving = disks(server, vm).filter(([, vdi]) => {
    const to = remap.vdis.get(vdi);
    return to !== undefined && to !== str(record(server, 'VDI', vdi)['SR']);
  });
  let bytes = 0n;
  for (const [, vdi] of moving) bytes += int(record(server, 'VDI', vdi)['virtual_size']);
  await runSteps(call, opts, 0, 0.5, Math.min(3, Math.max(0.25, Number(bytes / GiB) / 20)));
  for (const [vbd, vdi] of moving) {
    const copy = copyVdi(server, vdi, 'copy', remap.vdis.get(vdi), opts.disks);
    updateLinked(server, 'VBD', vbd, { VDI: copy });
    opts.disks?.destroyed(server, vdi);
    destroyVdiRecord(server, vdi);
  }
  for (const [vif, net] of remap.vifs) {
    if (server.store.get('VIF', vif)?.['VM'] === vm) updateLinked(server, 'VIF', vif, { network: net });
  }
  if (str(record(server, VM, vm)['resident_on']) !== dest) await moveVm(call, opts, vm, dest, 0.5, 0.95);
}
