// VM.clone, VM.copy, VM.snapshot, VM.checkpoint, VM.revert and VM.destroy (REFERENCE.md §4.1). Clones and copies
// of big disks take observable time as Async tasks and can be cancelled (nothing is created then).
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler } from '../context.js';
import { copyVm, diskBytes, type CopyMode, type VmCopy } from '../sim/copies.js';
import { record } from '../sim/links.js';
import type { SimOptions } from '../sim/options.js';
import { runSteps } from '../sim/progress.js';
import { destroyVdiRecord } from '../sim/power.js';
import { destroyVm, revertTo } from '../sim/revert.js';
import { VM, withVmOperation } from '../sim/vm-ops.js';
import { isRef, str, strList, strMap } from '../sim/values.js';

const GiB = 1024n ** 3n;

/** How many step-lengths a copy takes: full copies scale with size, CoW clones and snapshots are quicker. */
function weight(server: CallContext['server'], vm: string, mode: CopyMode): number {
  const gib = Number(diskBytes(server, vm) / GiB);
  const w = mode === 'copy' ? gib / 20 : gib / 100;
  return Math.min(3, Math.max(mode === 'copy' ? 0.5 : 0.25, w));
}

interface CopyRequest {
  readonly sr?: string;
  readonly ignore?: readonly string[];
  readonly customization?: Readonly<Record<string, string>>;
}

/** Undoes a copy: the new VM and the disks made for it. */
function discard(call: CallContext, opts: SimOptions, made: VmCopy): void {
  destroyVm(call.server, made.vmRef);
  for (const vdi of made.vdiMap.values()) {
    opts.disks?.destroyed(call.server, vdi);
    destroyVdiRecord(call.server, vdi);
  }
}

async function copying(
  call: CallContext, opts: SimOptions, vm: string, name: string, mode: CopyMode, req: CopyRequest = {},
): Promise<string> {
  const custom = req.customization ?? {};
  const customize = Object.keys(custom).length > 0 ? opts.customizeClone : undefined;
  if (Object.keys(custom).length > 0 && customize === undefined) {
    throw new XenApiError(ERR.NOT_IMPLEMENTED, ['VM.clone customization']);
  }
  return withVmOperation(call, vm, mode, async () => {
    await runSteps(call, opts, 0, 0.9, weight(call.server, vm, mode));
    const made = copyVm(call.server, vm, name, mode, {
      ...(req.sr !== undefined ? { sr: req.sr } : {}), ...(req.ignore !== undefined ? { ignoreVdis: req.ignore } : {}),
      ...(opts.disks !== undefined ? { disks: opts.disks } : {}),
    });
    if (customize !== undefined) {
      try {
        await customize(call, made, custom);
      } catch (e) {
        discard(call, opts, made);
        throw e;
      }
    }
    return made.vmRef;
  });
}

export function vmCopyHandlers(opts: SimOptions): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VM.clone', (call, [vm, name, customization]) =>
    copying(call, opts, str(vm), str(name), 'clone', { customization: strMap(customization) }));
  h.set('VM.copy', (call, [vm, name, sr]) => {
    const target = str(sr);
    if (isRef(target)) record(call.server, 'SR', target);
    return copying(call, opts, str(vm), str(name), 'copy', { sr: target });
  });
  h.set('VM.snapshot', (call, [vm, name, ignore]) =>
    copying(call, opts, str(vm), str(name), 'snapshot', { ignore: strList(ignore) }));
  h.set('VM.checkpoint', (call, [vm, name]) => copying(call, opts, str(vm), str(name), 'checkpoint'));
  h.set('VM.revert', async (call, [snapshot]) => {
    const snap = str(snapshot);
    const parent = str(record(call.server, VM, snap)['snapshot_of']);
    const busy = Object.entries(strMap(call.server.store.get(VM, parent)?.['current_operations']))[0];
    if (busy !== undefined) throw new XenApiError(ERR.OTHER_OPERATION_IN_PROGRESS, [VM, parent, busy[1], busy[0]]);
    await withVmOperation(call, snap, 'revert', () => revertTo(call.server, snap, opts.disks));
    return '';
  });
  h.set('VM.destroy', async (call, [vm]) => {
    await withVmOperation(call, str(vm), 'destroy', () => destroyVm(call.server, str(vm)));
    return '';
  });
  return h;
}
