// VM.clone with its optional customization map (extension). Everything is checked and the customized guest
// filesystem computed in memory before the clone exists; then the clone is made (its disks get copies of the
// source's files), the customized tree replaces the root disk's copy in one rename, and the VIFs get their MACs.
// Any failure after the clone exists destroys what it made (VM, VBDs, VIFs, VDIs and their files).
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler, ServerContext } from '../context.js';
import { cloneVm, diskBytes, type VmCopy } from '../sim/copies.js';
import { record } from '../sim/links.js';
import { DEFAULT_SIM_OPTIONS, type SimOptions } from '../sim/options.js';
import { destroyVdiRecord } from '../sim/power.js';
import { runSteps } from '../sim/progress.js';
import { destroyVm } from '../sim/revert.js';
import { VM, withVmOperation } from '../sim/vm-ops.js';
import { isRef, str, strList, strMap } from '../sim/values.js';
import type { GuestTree } from '../../guest/types.js';
import type { applyCustomization } from '../../guest/apply.js';
import { GUEST_DISK_HOOKS, vdiUuid } from '../guest/hooks.js';
import { MAC_KEEP, MAC_RANDOM, vifKey } from '../../guest/keys.js';
import { customizationError, parseCustomization, touchesGuest, type Customization } from '../../guest/parse.js';
import { GUEST_CLASSES as C, GUEST_MESSAGES, IPV4_MODE_NONE, VBD_FIELDS, VBD_TYPE_CD, VIF_FIELDS, VM_DEVICE_FIELDS } from '../guest/wire-names.js';

const GiB = 1024n ** 3n;

/** The VM's VIFs by device number. */
function vifsByDevice(server: ServerContext, vm: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const vif of strList(record(server, VM, vm)[VM_DEVICE_FIELDS.vifs])) {
    const device = Number(str(server.store.get(C.vif, vif)?.[VIF_FIELDS.device]));
    if (Number.isInteger(device)) out.set(device, vif);
  }
  return out;
}

/** The disk holding the guest's root filesystem: the lowest-numbered disk that has one. */
export function rootDisk(server: ServerContext, vm: string): string | undefined {
  const disks = strList(record(server, VM, vm)[VM_DEVICE_FIELDS.vbds])
    .map((vbd) => server.store.get(C.vbd, vbd))
    .filter((v) => v !== undefined && str(v[VBD_FIELDS.type]) !== VBD_TYPE_CD && v[VBD_FIELDS.empty] !== true && isRef(str(v[VBD_FIELDS.vdi])))
    .sort((a, b) => Number(str(a?.[VBD_FIELDS.userdevice])) - Number(str(b?.[VBD_FIELDS.userdevice])));
  for (const vbd of disks) {
    const vdi = str(vbd?.[VBD_FIELDS.vdi]);
    const uuid = vdiUuid(server, vdi);
    if (uuid !== undefined && server.guestFs.has(uuid)) return vdi;
  }
  return undefined;
}

function firstKey(c: Customization): string {
  if (c.hostname !== undefined) return 'hostname';
  return [...c.files.keys()].map((p) => `file:${p}`)[0] ?? [...c.patches.keys()].map((p) => `patch:${p}`)[0] ?? 'reset';
}

interface Plan {
  readonly custom: Customization;
  /** Source root disk -> customized tree, when the guest is touched. */
  readonly root?: { readonly vdi: string; readonly tree: GuestTree };
  readonly vifs: Map<number, string>;
}

/** Checks the whole customization against the source VM and computes the new guest tree; creates nothing. */
function plan(server: ServerContext, vm: string, map: Readonly<Record<string, string>>, apply: typeof applyCustomization): Plan {
  const custom = parseCustomization(map);
  const vifs = vifsByDevice(server, vm);
  for (const [device, v] of custom.vifs) {
    if (!vifs.has(device)) {
      const setting = v.mac !== undefined ? 'mac' : v.ip !== undefined ? 'ip' : v.gateway !== undefined ? 'gateway' : 'dns';
      throw customizationError(vifKey(device, setting), map[vifKey(device, setting)] ?? '', `the VM has no VIF with device ${device}`);
    }
  }
  if (!touchesGuest(custom)) return { custom, vifs };
  const vdi = rootDisk(server, vm);
  if (vdi === undefined) throw customizationError(firstKey(custom), '', 'the VM has no disk with a guest filesystem');
  const source = server.guestFs.readTree(vdiUuid(server, vdi) ?? '');
  return { custom, vifs, root: { vdi, tree: apply(source, custom) } };
}

function rollback(server: ServerContext, made: VmCopy): void {
  if (server.store.has(VM, made.vmRef)) destroyVm(server, made.vmRef);
  for (const vdi of made.vdiMap.values()) {
    if (!server.store.has(C.vdi, vdi)) continue;
    GUEST_DISK_HOOKS.destroyed(server, vdi);
    destroyVdiRecord(server, vdi);
  }
}

function finish(server: ServerContext, p: Plan, made: VmCopy): void {
  if (p.root !== undefined) {
    const copy = made.vdiMap.get(p.root.vdi);
    const uuid = copy === undefined ? undefined : vdiUuid(server, copy);
    if (uuid === undefined) throw new XenApiError(ERR.INTERNAL_ERROR, ['the root disk was not copied']);
    server.guestFs.commit(uuid, p.root.tree);
  }
  for (const [device, v] of p.custom.vifs) {
    if (v.mac === undefined || v.mac === MAC_RANDOM) continue;
    const from = p.vifs.get(device) ?? '';
    const to = made.vifMap.get(from);
    if (to === undefined) continue;
    const mac = v.mac === MAC_KEEP ? str(server.store.get(C.vif, from)?.[VIF_FIELDS.mac]) : v.mac;
    server.store.update(C.vif, to, { [VIF_FIELDS.mac]: mac, [VIF_FIELDS.macAutogenerated]: false });
  }
}

async function cloneCustomized(call: CallContext, opts: SimOptions, vm: string, name: string, map: Readonly<Record<string, string>>): Promise<string> {
  const { server } = call;
  // guest/apply.ts pulls in the diff package: loaded only by the calls that customize (not at every start-up).
  const { applyCustomization: apply } = await import('../../guest/apply.js');
  record(server, VM, vm);
  const p = plan(server, vm, map, apply);
  return withVmOperation(call, vm, 'clone', async () => {
    const gib = Number(diskBytes(server, vm) / GiB);
    await runSteps(call, opts, 0, 0.95, Math.min(3, Math.max(0.25, gib / 100)));
    const made = cloneVm(server, vm, name, GUEST_DISK_HOOKS);
    try {
      finish(server, p, made);
    } catch (e) {
      rollback(server, made);
      throw e;
    }
    return made.vmRef;
  });
}

/** VM.clone, with or without a customization map; disk copies carry their guest files. */
export function vmCloneCustomizeHandlers(opts: SimOptions = DEFAULT_SIM_OPTIONS): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set(GUEST_MESSAGES.vmClone, (call, [vm, name, customization]) => cloneCustomized(call, opts, str(vm), str(name), strMap(customization)));
  return h;
}

/** VIF.configure_ipv4: what plain XenAPI offers for a clone's address (xenctl's fallback on servers without guest files). */
export function vifIpv4Handlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set(GUEST_MESSAGES.vifConfigureIpv4, (call, [vif, mode, address, gateway]) => {
    record(call.server, C.vif, str(vif));
    const none = str(mode) === IPV4_MODE_NONE;
    call.server.store.update(C.vif, str(vif), {
      [VIF_FIELDS.ipv4Mode]: str(mode), [VIF_FIELDS.ipv4Addresses]: none || str(address) === '' ? [] : [str(address)],
      [VIF_FIELDS.ipv4Gateway]: none ? '' : str(gateway),
    });
    return '';
  });
  return h;
}
