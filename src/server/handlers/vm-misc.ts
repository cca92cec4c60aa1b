// Small VM messages around the power state: provision, free device numbers, memory overhead, sysrq/triggers.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { NULL_REF } from '../../model/values.js';
import type { Handler } from '../context.js';
import { newRef } from '../store/records.js';
import { createLinked, record } from '../sim/links.js';
import { refreshSrUsage } from '../sim/power.js';
import { VM, assertOpValid, refreshAllowedOps } from '../sim/vm-ops.js';
import { fields, int, isRef, str, strList, strMap } from '../sim/values.js';

const VBD_DEVICES = 16;
const VIF_DEVICES = 7;

/** Device numbers of a VM's devices not in use yet. */
function freeDevices(used: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i)).filter((d) => !used.includes(d));
}

/** `<disk device="0" size="..." sr="uuid" bootable="true" type="system"/>` entries of other_config:disks. */
function provisionDisks(xml: string): Array<Record<string, string>> {
  return [...xml.matchAll(/<disk\b([^>]*)\/?>/g)].map((m) => {
    const attrs: Record<string, string> = {};
    for (const a of (m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)) attrs[a[1] ?? ''] = a[2] ?? '';
    return attrs;
  });
}

function defaultSr(call: Parameters<Handler>[0]): string {
  for (const [, pool] of call.server.store.all('pool')) if (isRef(str(pool['default_SR']))) return str(pool['default_SR']);
  return NULL_REF;
}

export function vmMiscHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VM.provision', (call, [vm]) => {
    const ref = str(vm);
    const rec = record(call.server, VM, ref);
    assertOpValid(call.server, ref, 'provision');
    const other = strMap(rec['other_config']);
    for (const d of provisionDisks(other['disks'] ?? '')) {
      const sr = (d['sr'] !== undefined && call.server.store.refByUuid('SR', d['sr'])) || defaultSr(call);
      if (!isRef(sr)) throw new XenApiError(ERR.SR_NOT_ATTACHED, [NULL_REF]);
      const vdi = newRef();
      createLinked(call.server, 'VDI', vdi, {
        name_label: `${str(rec['name_label'])} ${d['device'] ?? '0'}`, SR: sr, virtual_size: BigInt(d['size'] ?? '0'),
        type: d['type'] ?? 'system', managed: true, allowed_operations: ['clone', 'copy', 'snapshot', 'destroy'],
      });
      refreshSrUsage(call.server, sr);
      createLinked(call.server, 'VBD', newRef(), {
        VM: ref, VDI: vdi, userdevice: d['device'] ?? '0', bootable: d['bootable'] === 'true', mode: 'RW', type: 'Disk',
        other_config: fields({ owner: 'true' }), allowed_operations: ['attach'],
      });
    }
    delete other['disks'];
    // xapi's provision installs the template clone: it is a VM from then on.
    call.server.store.update(VM, ref, { other_config: fields(other), is_a_template: false });
    refreshAllowedOps(call.server, ref);
    return '';
  });
  h.set('VM.get_allowed_VBD_devices', (call, [vm]) => freeDevices(
    strList(record(call.server, VM, str(vm))['VBDs']).map((v) => str(call.server.store.get('VBD', v)?.['userdevice'])),
    VBD_DEVICES));
  h.set('VM.get_allowed_VIF_devices', (call, [vm]) => freeDevices(
    strList(record(call.server, VM, str(vm))['VIFs']).map((v) => str(call.server.store.get('VIF', v)?.['device'])),
    VIF_DEVICES));
  h.set('VM.compute_memory_overhead', (call, [vm]) => int(record(call.server, VM, str(vm))['memory_overhead']));
  for (const op of ['send_sysrq', 'send_trigger'] as const) {
    h.set(`VM.${op}`, (call, [vm]) => {
      assertOpValid(call.server, str(vm), op);
      return '';
    });
  }
  return h;
}
