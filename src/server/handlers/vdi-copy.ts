// VDI.clone, VDI.copy, VDI.snapshot and VDI.destroy basics (REFERENCE.md §4.5).
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { copyVdi } from '../sim/device-copies.js';
import { destroyLinked, record } from '../sim/links.js';
import type { SimOptions } from '../sim/options.js';
import { destroyVdiRecord } from '../sim/power.js';
import { runSteps } from '../sim/progress.js';
import { int, isRef, str, strList } from '../sim/values.js';

const VDI = 'VDI';
const GiB = 1024n ** 3n;

export function vdiCopyHandlers(opts: SimOptions): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VDI.clone', (call, [vdi]) => copyVdi(call.server, str(vdi), 'clone', undefined, opts.disks));
  h.set('VDI.snapshot', (call, [vdi]) => copyVdi(call.server, str(vdi), 'snapshot', undefined, opts.disks));
  h.set('VDI.copy', async (call, [vdi, sr, , into]) => {
    const src = record(call.server, VDI, str(vdi));
    if (isRef(str(sr))) record(call.server, 'SR', str(sr));
    const gib = Number(int(src['virtual_size']) / GiB);
    await runSteps(call, opts, 0, 0.95, Math.min(3, Math.max(0.5, gib / 20)));
    if (isRef(str(into))) {
      record(call.server, VDI, str(into));
      opts.disks?.copied(call.server, str(vdi), str(into));
      return str(into);
    }
    return copyVdi(call.server, str(vdi), 'copy', str(sr), opts.disks);
  });
  h.set('VDI.destroy', (call, [vdi]) => {
    const ref = str(vdi);
    const vbds = strList(record(call.server, VDI, ref)['VBDs']);
    if (vbds.some((vbd) => call.server.store.get('VBD', vbd)?.['currently_attached'] === true)) {
      throw new XenApiError(ERR.VDI_IN_USE, [ref, 'destroy']);
    }
    for (const vbd of vbds) destroyLinked(call.server, 'VBD', vbd);
    opts.disks?.destroyed(call.server, ref);
    destroyVdiRecord(call.server, ref);
    return '';
  });
  return h;
}
