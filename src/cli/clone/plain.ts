// A server without the guest extension (real xapi): VM.clone, then what XenAPI itself can set — a VIF's MAC (by
// re-creating the VIF) and its IPv4 configuration (VIF.configure_ipv4). What needs the guest's files is refused
// before anything is made, naming what the host cannot do. If a setter fails, the clone is destroyed again.
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { getModel } from '../../model/index.js';
import type { Caller } from '../context.js';
import { CUSTOM, MAC_KEEP, MAC_RANDOM, vifKey } from '../../guest/keys.js';
import type { Customization } from '../../guest/parse.js';
import { CD_TYPE, CLASS, F, IPV4_STATIC, W } from './wire.js';

/** The customization keys only the guest's own files can carry. */
export function guestOnlyKeys(map: Readonly<Record<string, string>>, c: Customization): string[] {
  const out = Object.keys(map).filter((k) => k === CUSTOM.hostname || k === CUSTOM.reset || k.startsWith(CUSTOM.filePrefix) || k.startsWith(CUSTOM.patchPrefix));
  for (const [device, v] of c.vifs) {
    if (v.dns !== undefined) out.push(vifKey(device, 'dns'));
    if (v.gateway !== undefined && v.ip === undefined) out.push(vifKey(device, 'gateway'));
  }
  return out;
}

export function refuseGuestParts(keys: readonly string[]): void {
  if (keys.length === 0) return;
  throw new XenApiError(ERR.NOT_IMPLEMENTED, [
    `VM.clone customization of the guest's files (${keys.join(', ')})`,
    'this server has no xenctl guest extension (VDI.get_file), and XenAPI alone cannot write inside a guest; a cloud-init config drive is not supported yet',
  ]);
}

function struct(v: XenValue): XenStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) ? (v as XenStruct) : {};
}

/** The fields a VIF.create record takes, copied from an existing VIF. */
function createArgs(rec: XenStruct, mac: string): XenStruct {
  const cls = getModel({ extensions: false }).findClass(CLASS.vif);
  const out: Record<string, XenValue> = {};
  for (const f of cls?.fields ?? []) {
    const v = rec[f.name];
    if (f.qualifier !== 'RO/runtime' && v !== undefined) out[f.name] = v;
  }
  out[F.mac] = mac;
  return out;
}

async function vifsByDevice(caller: Caller, vm: string): Promise<Map<number, { ref: string; rec: XenStruct }>> {
  const out = new Map<number, { ref: string; rec: XenStruct }>();
  const refs = struct(await caller.call(W.vmRecord, [vm]))[F.vifs];
  for (const ref of Array.isArray(refs) ? refs : []) {
    if (typeof ref !== 'string') continue;
    const rec = struct(await caller.call(W.vifRecord, [ref]));
    out.set(Number(rec[F.device]), { ref, rec });
  }
  return out;
}

async function undo(caller: Caller, clone: string): Promise<void> {
  const vm = struct(await caller.call(W.vmRecord, [clone]));
  const vdis: string[] = [];
  for (const vbd of Array.isArray(vm[F.vbds]) ? (vm[F.vbds] as readonly XenValue[]) : []) {
    const r = struct(await caller.call(W.vbdRecord, [vbd]));
    const vdi = r[F.vdi];
    if (r[F.type] !== CD_TYPE && typeof vdi === 'string') vdis.push(vdi);
  }
  await caller.call(W.vmDestroy, [clone]);
  for (const vdi of vdis) await caller.call(W.vdiDestroy, [vdi]).catch(() => undefined);
}

/** What clonePlain would do after VM.clone, for --dry-run. */
export function plainSteps(c: Customization): string {
  const out: string[] = [];
  for (const [device, v] of [...c.vifs].sort(([a], [b]) => a - b)) {
    if (v.mac !== undefined && v.mac !== MAC_RANDOM) out.push(`# VIF ${device}: ${W.vifDestroy} + ${W.vifCreate} with MAC ${v.mac === MAC_KEEP ? "of the source's VIF" : v.mac}\n`);
    if (v.ip !== undefined) out.push(`# VIF ${device}: ${[W.vifConfigureIpv4, IPV4_STATIC, `${v.ip.address}/${v.ip.prefix}`, v.gateway ?? ''].join(' ').trimEnd()}\n`);
  }
  return out.join('');
}

/** Clone, then the MAC and IPv4 settings through XenAPI's own calls. Returns the clone's ref. */
export async function clonePlain(caller: Caller, vm: string, name: string, c: Customization): Promise<string> {
  const source = c.vifs.size > 0 ? await vifsByDevice(caller, vm) : new Map<number, { ref: string; rec: XenStruct }>();
  for (const device of c.vifs.keys()) {
    if (!source.has(device)) throw new XenApiError(ERR.VALUE_NOT_SUPPORTED, [vifKey(device, 'mac'), '', `the VM has no VIF with device ${device}`]);
  }
  const made = await caller.call(W.vmClone, [vm, name]);
  const clone = typeof made === 'string' ? made : '';
  if (c.vifs.size === 0) return clone;
  try {
    const mine = await vifsByDevice(caller, clone);
    for (const [device, v] of c.vifs) {
      let vif = mine.get(device);
      if (vif === undefined) continue;
      if (v.mac !== undefined && v.mac !== MAC_RANDOM) {
        const mac = v.mac === MAC_KEEP ? String(source.get(device)?.rec[F.mac] ?? '') : v.mac;
        await caller.call(W.vifDestroy, [vif.ref]);
        const ref = await caller.call(W.vifCreate, [createArgs(vif.rec, mac)]);
        vif = { ref: typeof ref === 'string' ? ref : '', rec: vif.rec };
      }
      if (v.ip !== undefined) {
        await caller.call(W.vifConfigureIpv4, [vif.ref, IPV4_STATIC, `${v.ip.address}/${v.ip.prefix}`, v.gateway ?? '']);
      }
    }
  } catch (e) {
    await undo(caller, clone).catch(() => undefined);
    throw e;
  }
  return clone;
}
