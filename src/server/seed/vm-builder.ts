// One guest VM with its metrics, guest metrics, root disk (VBD + VDI) and network interface, refs on both sides.
import { NULL_REF } from '../../model/values.js';
import type { Model, XenValue } from '../../model/types.js';
import { bootRecord } from './boot-record.js';
import { MiB, seedTime, type PowerState } from './demo-spec.js';
import { map } from './demo-infra.js';
import { seedFamily, seedMac } from './ids.js';

type Id = { readonly ref: string; readonly uuid: string };
import type { Rec, Staging } from './staging.js';
import { allowedOps } from '../sim/vm-ops.js';

export interface VmBuild {
  /** Identity key: uuids, refs and the MAC derive from it. */
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly state: PowerState;
  readonly hostRef?: string;
  readonly memory: bigint;
  readonly vcpus: number;
  readonly disk: bigint;
  readonly srRef: string;
  readonly suspendSrRef: string;
  readonly networkRef: string;
  readonly ip?: string;
  readonly profile: readonly string[];
  readonly requiresTpm?: boolean;
  readonly requiresBandwidth?: number;
  readonly template: string;
  readonly isTemplate?: boolean;
  /** Minutes after the seed time this VM was installed and (if it runs) started. */
  readonly minute: number;
  readonly domid?: number;
  /** Extra other_config entries and tags (synthetic VMs carry more, like real ones). */
  readonly otherConfig?: Readonly<Record<string, string>>;
  readonly tags?: readonly string[];
  /** 'short': the scalar fields only (synthetic VMs: a big-pool reply the size of a real one). */
  readonly withBootRecord?: boolean | 'short';
  /** A halted VM that ran before keeps its guest metrics and last boot record, as in real pools. */
  readonly ranBefore?: boolean;
  /** Preferred host of a VM that is not running. */
  readonly affinityRef?: string;
  /** Synthetic VMs vary these like a real pool does; absent: the demo pool's values. */
  readonly platform?: Readonly<Record<string, string>>;
  readonly xenstoreData?: Readonly<Record<string, string>>;
  readonly vcpusParams?: Readonly<Record<string, string>>;
  readonly recommendations?: string;
  /** Filled in by a VM's first start: a VM that never ran has none. */
  readonly biosStrings?: boolean;
  /** Replaces the template's other_config entries (base_template_name, install-methods, linux_template). */
  readonly templateConfig?: Readonly<Record<string, string>>;
}

const PLATFORM: Readonly<Record<string, string>> = { acpi: '1', apic: 'true', nx: 'true', pae: 'true', viridian: 'false',
  hpet: 'true', timeoffset: '0', 'device-model': 'qemu-upstream-compat', secureboot: 'false', 'device_id': '0001', vga: 'std',
  videoram: '8' };
const XENSTORE_DATA: Readonly<Record<string, string>> = { 'vm-data': '', 'vm-data/mmio-hole-size': '268435456' };
export const RECOMMENDATIONS = '<restrictions><restriction field="memory-static-max" max="137438953472"/>' +
  '<restriction field="vcpus-max" max="32"/><restriction property="number-of-vbds" max="255"/>' +
  '<restriction property="number-of-vifs" max="7"/></restrictions>';
const BIOS_STRINGS: Readonly<Record<string, string>> = { 'bios-vendor': 'Xen', 'bios-version': '', 'system-manufacturer': 'Xen',
  'system-product-name': 'HVM domU', 'system-version': '', 'system-serial-number': '', 'hp-rombios': '',
  'oem-1': 'Xen', 'oem-2': 'MS_VM_CERT/SHA1/bdbeb6e0a816d43fa6d3fe8aaef04c2bad9d3e3d' };

/** What the simulator allows a VM in this state (sim/vm-ops.ts), so a seeded VM starts as a touched one would. */
function ops(model: Model, state: PowerState, template: boolean): string[] {
  return allowedOps({ model }, { power_state: state, is_a_template: template, is_default_template: false, current_operations: {} });
}

/** Without the profile extension (serve --no-extensions) a profile is kept as real xapi keeps it: tag `profile:VALUE`. */
function plainProfileTags(model: Model, profile: readonly string[]): string[] {
  return model.findField('VM', 'profile') === undefined ? profile.map((p) => `profile:${p}`) : [];
}

/** (int -> int) map: vCPU number -> physical CPU. */
function vcpuPlacement(n: number): Rec {
  const out: Rec = Object.create(null) as Rec;
  for (let i = 0; i < n; i += 1) out[String(i)] = BigInt(i);
  return out;
}

export function osVersion(template: string): Rec {
  return template.startsWith('Ubuntu')
    ? map({ name: 'Ubuntu 24.04.1 LTS', distro: 'ubuntu', major: '24', minor: '04', uname: '6.8.0-51-generic' })
    : map({ name: 'Debian GNU/Linux 12 (bookworm)', distro: 'debian', major: '12', minor: '8', uname: '6.1.0-28-amd64' });
}

export function addVm(s: Staging, b: VmBuild): { vm: string; vdi: string; vbd: string; vif: string } {
  const family = seedFamily(`VM/${b.key}`);
  const [vm, metrics, gm, vdi, vbd, vif, macSeed] = [0, 1, 2, 3, 4, 5, 6].map(family) as [Id, Id, Id, Id, Id, Id, Id];
  const live = b.state === 'Running' || b.state === 'Paused';
  const booted = live || b.state === 'Suspended' || b.ranBefore === true;
  const template = b.isTemplate === true;
  const mac = seedMac(`VIF/${b.key}/0`);
  // Identical maps and lists are one frozen object per seeding run (records are never changed in place): 10,000
  // synthetic VMs would otherwise hold ~25 copies each.
  const one = <T extends XenValue>(key: unknown, make: () => T): T => s.shared(key, make);
  const none = one('{}', () => map({}));
  const noList = one('[]', (): XenValue[] => []);
  const platform = one(b.platform ?? PLATFORM, () => map(b.platform ?? PLATFORM));
  const values: Rec = {
    uuid: vm.uuid, name_label: b.name, name_description: b.description, power_state: b.state,
    allowed_operations: one(`ops/${template ? 'template' : b.state}`, () => ops(s.model, b.state, template)),
    current_operations: none,
    user_version: 1n, is_a_template: template, is_default_template: false,
    resident_on: live && b.hostRef !== undefined ? b.hostRef : NULL_REF,
    affinity: b.affinityRef ?? b.hostRef ?? NULL_REF,
    memory_overhead: 0n, memory_target: b.memory, memory_static_max: b.memory,
    memory_dynamic_max: b.memory, memory_dynamic_min: b.memory, memory_static_min: 512n * MiB,
    VCPUs_params: one(b.vcpusParams ?? 'weight', () => map(b.vcpusParams ?? { weight: '256' })), VCPUs_max: BigInt(b.vcpus), VCPUs_at_startup: BigInt(b.vcpus),
    actions_after_softreboot: 'soft_reboot', actions_after_shutdown: 'destroy', actions_after_reboot: 'restart',
    actions_after_crash: 'restart', PV_bootloader: '', PV_kernel: '', PV_ramdisk: '', PV_args: '',
    PV_bootloader_args: '', PV_legacy_args: '', HVM_boot_policy: 'BIOS order', HVM_boot_params: one('order', () => map({ order: 'cd' })),
    HVM_shadow_multiplier: 1, platform, PCI_bus: '',
    other_config: map({ ...(b.templateConfig ?? { base_template_name: b.template }), mac_seed: macSeed.uuid,
      ...(b.templateConfig === undefined ? { 'install-methods': 'cdrom,nfs,http,ftp', linux_template: 'true' } : {}),
      ...(b.otherConfig ?? {}) }),
    domid: live ? BigInt(b.domid ?? 1) : -1n, domarch: live ? 'x64' : '', is_control_domain: false,
    metrics: metrics.ref, guest_metrics: booted ? gm.ref : NULL_REF,
    recommendations: b.recommendations ?? RECOMMENDATIONS, xenstore_data: one(b.xenstoreData ?? XENSTORE_DATA, () => map(b.xenstoreData ?? XENSTORE_DATA)),
    tags: [...(b.tags ?? []), ...plainProfileTags(s.model, b.profile)],
    bios_strings: b.biosStrings === false ? none : one(BIOS_STRINGS, () => map(BIOS_STRINGS)),
    suspend_VDI: NULL_REF, suspend_SR: b.state === 'Suspended' ? b.suspendSrRef : NULL_REF,
    hardware_platform_version: 0n, has_vendor_device: false, domain_type: 'hvm', generation_id: '0:0',
    NVRAM: none, profile: one(b.profile, () => [...b.profile]), requires_tpm: b.requiresTpm ?? false,
    requires_bandwidth: BigInt(b.requiresBandwidth ?? 0), requires_memory: 0n, requires_cpu_features: noList,
  };
  const rec = s.add('VM', vm.ref, values);
  if (b.withBootRecord !== undefined && b.withBootRecord !== false && booted) rec['last_booted_record'] = bootRecord(rec, b.withBootRecord === 'short');
  if (live && b.hostRef !== undefined) s.link('host', b.hostRef, 'resident_VMs', vm.ref);

  s.add('VM_metrics', metrics.ref, {
    uuid: metrics.uuid, memory_actual: live ? b.memory : 0n, VCPUs_number: live ? BigInt(b.vcpus) : 0n,
    VCPUs_CPU: live ? vcpuPlacement(b.vcpus) : none,
    VCPUs_params: none, VCPUs_flags: none, state: noList, start_time: booted ? seedTime(b.minute + 30) : new Date(0),
    install_time: seedTime(b.minute), last_updated: seedTime(b.minute + 30), hvm: true,
    current_domain_type: live ? 'hvm' : 'unspecified', other_config: none,
  });
  if (booted) {
    const networks = b.ip !== undefined ? map({ '0/ip': b.ip, '0/ipv4/0': b.ip, '0/ipv6/0': `fe80::${mac.split(':').slice(3).join('')}` })
      : none;
    s.add('VM_guest_metrics', gm.ref, {
      uuid: gm.uuid, os_version: one(`os/${b.template}`, () => osVersion(b.template)),
      PV_drivers_version: one('pv', () => map({ major: '8', minor: '4', micro: '0', build: '1' })),
      PV_drivers_up_to_date: true, networks, other: one('gm-other', () => map({ 'feature-shutdown': '1', 'feature-suspend': '1',
        has_vendor_device: '0', platform_feature_multiprocessor_suspend: '1' })), last_updated: seedTime(b.minute + 31), live,
      can_use_hotplug_vbd: 'yes', can_use_hotplug_vif: 'yes', PV_drivers_detected: true, netbios_name: none,
    });
  }

  const deviceOps = one(`device-ops/${live}`, () => (live ? ['attach', 'unplug'] : ['attach']));
  s.add('VDI', vdi.ref, {
    uuid: vdi.uuid, name_label: `${b.name} root`, name_description: `Root disk of ${b.name} (${b.template})`,
    SR: b.srRef, virtual_size: b.disk, physical_utilisation: b.disk / 4n, type: 'system', sharable: false,
    read_only: false, other_config: none, storage_lock: false, location: vdi.uuid, managed: true, missing: false,
    parent: NULL_REF, sm_config: one('vhd', () => map({ 'vdi_type': 'vhd' })), on_boot: 'persist',
  });
  s.link('SR', b.srRef, 'VDIs', vdi.ref);
  s.add('VBD', vbd.ref, {
    uuid: vbd.uuid, VM: vm.ref, VDI: vdi.ref, device: 'xvda', userdevice: '0', bootable: true, mode: 'RW', type: 'Disk',
    unpluggable: false, storage_lock: false, empty: false, other_config: one('owner', () => map({ owner: 'true' })),
    currently_attached: live, status_code: 0n, status_detail: '', runtime_properties: none,
    qos_algorithm_type: '', qos_algorithm_params: none, qos_supported_algorithms: noList,
    allowed_operations: deviceOps,
  });
  s.link('VM', vm.ref, 'VBDs', vbd.ref);
  s.link('VDI', vdi.ref, 'VBDs', vbd.ref);
  s.add('VIF', vif.ref, {
    uuid: vif.uuid, device: '0', network: b.networkRef, VM: vm.ref, MAC: mac, MTU: 1500n, other_config: none,
    currently_attached: live, status_code: 0n, status_detail: '', runtime_properties: none, qos_algorithm_type: '',
    qos_algorithm_params: none, qos_supported_algorithms: noList, MAC_autogenerated: true,
    locking_mode: 'network_default', allowed_operations: deviceOps,
  });
  s.link('VM', vm.ref, 'VIFs', vif.ref);
  s.link('network', b.networkRef, 'VIFs', vif.ref);
  return { vm: vm.ref, vdi: vdi.ref, vbd: vbd.ref, vif: vif.ref };
}
