// The demo pool every new state starts with (INTERFACES.md, "The demo pool").
import { NULL_REF } from '../../model/values.js';
import type { Model, XenValue } from '../../model/types.js';
import type { ObjectStore } from '../store/types.js';
import { addInfra, ids, map, type Infra } from './demo-infra.js';
import { MAIN_NETWORK, TEMPLATES, VMS, type VmSpec } from './demo-spec.js';
import { demoGuestFiles } from './guest-files.js';
import { Staging } from './staging.js';
import { addVm } from './vm-builder.js';

export interface DemoPool extends Infra {
  /** VM name -> VM ref (guests and templates). */
  readonly vms: ReadonlyMap<string, string>;
  /** Root VDI ref -> the guest files it starts with (path -> content). */
  readonly guestFiles: ReadonlyMap<string, ReadonlyMap<string, Buffer>>;
}

export interface SeedOptions {
  /** Leave out the guest files (they cost a few ms of key derivation). */
  readonly guestFiles?: boolean;
}

function num(v: XenValue | undefined): bigint {
  return typeof v === 'bigint' ? v : 0n;
}

/** Fills an empty store with the demo pool; the caller awaits store.sync(). */
export function seedDemoPool(store: ObjectStore, model: Model, opts: SeedOptions = {}): DemoPool {
  const s = new Staging(model, store);
  const infra = addInfra(s);
  const network = infra.networks.get(MAIN_NETWORK) as string;
  const vms = new Map<string, string>();
  const rootVdis = new Map<string, string>();
  const domids = new Map<string, number>();
  const build = (spec: VmSpec, minute: number): void => {
    const hostRef = spec.host !== undefined ? infra.hosts.get(spec.host) : undefined;
    const domid = spec.host !== undefined ? (domids.get(spec.host) ?? 0) + 1 : undefined;
    if (spec.host !== undefined && domid !== undefined) domids.set(spec.host, domid);
    const srRef = spec.localSr !== undefined ? (infra.localSrs.get(spec.localSr) as string) : infra.sharedSr;
    const made = addVm(s, {
      key: `demo/${spec.name}`, name: spec.name, description: spec.description, state: spec.state,
      ...(hostRef !== undefined ? { hostRef } : {}), memory: spec.memory, vcpus: spec.vcpus, disk: spec.disk, srRef,
      suspendSrRef: infra.sharedSr, networkRef: network, ...(spec.ip !== undefined ? { ip: spec.ip } : {}),
      profile: spec.profile, ...(spec.requiresTpm !== undefined ? { requiresTpm: spec.requiresTpm } : {}),
      ...(spec.requiresBandwidth !== undefined ? { requiresBandwidth: spec.requiresBandwidth } : {}),
      template: spec.template, ...(spec.isTemplate === true ? { isTemplate: true } : {}), minute,
      ...(domid !== undefined ? { domid } : {}), withBootRecord: true,
    });
    vms.set(spec.name, made.vm);
    rootVdis.set(spec.name, made.vdi);
    if (spec.state === 'Suspended') addSuspendImage(s, infra, spec, made.vm);
  };
  TEMPLATES.forEach((t, i) => build(t, i * 10));
  VMS.forEach((v, i) => build(v, 60 + i * 10));
  account(s, infra);
  s.commit();
  const guestFiles = new Map<string, ReadonlyMap<string, Buffer>>();
  if (opts.guestFiles !== false) for (const [name, vdi] of rootVdis) guestFiles.set(vdi, demoGuestFiles(name));
  return { ...infra, vms, guestFiles };
}

function addSuspendImage(s: Staging, infra: Infra, spec: VmSpec, vmRef: string): void {
  const vdi = ids(`VDI/demo/${spec.name}/suspend`);
  s.add('VDI', vdi.ref, {
    uuid: vdi.uuid, name_label: `Suspend image for ${spec.name}`, name_description: 'Memory image of the suspended VM',
    SR: infra.sharedSr, virtual_size: spec.memory + 4n * 1024n * 1024n, physical_utilisation: spec.memory,
    type: 'suspend', sharable: false, read_only: false, other_config: map({}), storage_lock: false, location: vdi.uuid,
    managed: true, missing: false, parent: NULL_REF, sm_config: map({ vdi_type: 'vhd' }), on_boot: 'persist',
  });
  s.link('SR', infra.sharedSr, 'VDIs', vdi.ref);
  s.set('VM', vmRef, 'suspend_VDI', vdi.ref);
}

/** Host free memory (total minus resident VMs, control domain included) and SR allocation totals. */
function account(s: Staging, infra: Infra): void {
  for (const hostRef of infra.hosts.values()) {
    const host = s.get('host', hostRef);
    const resident = (host?.['resident_VMs'] ?? []) as readonly string[];
    let used = 0n;
    for (const vm of resident) used += num(s.get('VM', vm)?.['memory_static_max']);
    s.set('host', hostRef, 'memory_free', num(host?.['memory_total']) - used);
  }
  for (const srRef of [infra.sharedSr, ...infra.localSrs.values()]) {
    const vdis = (s.get('SR', srRef)?.['VDIs'] ?? []) as readonly string[];
    let virtual = 0n;
    let physical = 0n;
    for (const vdi of vdis) {
      virtual += num(s.get('VDI', vdi)?.['virtual_size']);
      physical += num(s.get('VDI', vdi)?.['physical_utilisation']);
    }
    s.set('SR', srRef, 'virtual_allocation', virtual);
    s.set('SR', srRef, 'physical_utilisation', physical);
  }
}
