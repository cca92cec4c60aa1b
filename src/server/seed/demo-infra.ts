// The demo pool's infrastructure: pool, hosts (metrics, CPUs, control domains), networks, PIFs, SRs, PBDs.
import type { XenValue } from '../../model/types.js';
import {
  GATEWAY, GiB, HOSTS, NETMASK, NETWORKS, POOL_NAME, SHARED_SR, localSrName, seedTime,
  type HostSpec,
} from './demo-spec.js';
import { seedMac, seedRef, seedUuid } from './ids.js';
import type { Rec, Staging } from './staging.js';

export interface Infra {
  readonly pool: string;
  readonly hosts: ReadonlyMap<string, string>;
  readonly networks: ReadonlyMap<string, string>;
  readonly sharedSr: string;
  readonly localSrs: ReadonlyMap<string, string>;
}

export function map(entries: Record<string, string>): Rec {
  return Object.assign(Object.create(null) as Rec, entries);
}

export function ids(key: string): { ref: string; uuid: string } {
  return { ref: seedRef(key), uuid: seedUuid(key) };
}

const CPU_MODEL = 'Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz';
const CPU_FLAGS = 'fpu de tsc msr pae mce cx8 apic sep mca cmov pat clflush acpi mmx fxsr sse sse2 ht syscall nx lm ' +
  'constant_tsc rep_good nopl nonstop_tsc cpuid pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes ' +
  'xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch fsgsbase bmi1 avx2 bmi2 erms';
const CPU_FEATURES = '1fdaf3ff-bfebfbff-01000000-2c100800';

function addHost(s: Staging, h: HostSpec, index: number, poolSrs: { shared: string }): string {
  const host = ids(`host/${h.name}`);
  const metrics = ids(`host_metrics/${h.name}`);
  const dom0 = ids(`VM/control-domain/${h.name}`);
  const dom0Metrics = ids(`VM_metrics/control-domain/${h.name}`);
  const cpuInfo = { cpu_count: String(h.cpus), socket_count: '1', vendor: 'GenuineIntel', speed: '2200.000',
    modelname: CPU_MODEL, family: '6', model: '85', stepping: '7', flags: CPU_FLAGS, features_pv: CPU_FEATURES,
    features_hvm: CPU_FEATURES };
  s.add('host', host.ref, {
    uuid: host.uuid, name_label: h.name, name_description: `Demo host ${index + 1}`, hostname: h.name,
    address: h.address, enabled: true, API_version_major: 2n, API_version_minor: 21n, API_version_vendor: 'XenSource',
    software_version: map({ product_brand: 'xenctl', product_version: '0.1.0', platform_name: 'XCP',
      platform_version: '3.4.0', xapi: '24.19', xen: '4.17.3', linux: '4.19.0+1', hostname: h.name,
      date: '2025-01-06', build_number: 'demo' }),
    capabilities: ['xen-3.0-x86_64', 'hvm-3.0-x86_32', 'hvm-3.0-x86_32p', 'hvm-3.0-x86_64'],
    cpu_configuration: map({}), sched_policy: 'credit', supported_bootloaders: ['pygrub', 'eliloader'],
    other_config: map({ agent_start_time: '1736154000.', boot_time: '1736153700.', iscsi_iqn: `iqn.2025-01.org.example:${h.name}` }),
    logging: map({}), license_params: map({ sku_type: 'free' }), edition: 'xcp-ng', cpu_info: map(cpuInfo),
    bios_strings: map({ 'bios-vendor': 'xenctl', 'system-manufacturer': 'Example', 'system-product-name': 'Demo server' }),
    iscsi_iqn: `iqn.2025-01.org.example:${h.name}`, metrics: metrics.ref, control_domain: dom0.ref,
    suspend_image_sr: poolSrs.shared, crash_dump_sr: poolSrs.shared,
    memory_total: h.memory, memory_free: h.memory, cpu_count: BigInt(h.cpus), cpu_features: [...h.cpuFeatures],
    tpm: h.tpm, bandwidth: BigInt(h.bandwidth),
  });
  s.add('host_metrics', metrics.ref, {
    uuid: metrics.uuid, memory_total: h.memory, memory_free: h.memory, live: true, last_updated: seedTime(0),
  });
  for (let n = 0; n < h.cpus; n += 1) {
    const cpu = ids(`host_cpu/${h.name}/${n}`);
    s.add('host_cpu', cpu.ref, {
      uuid: cpu.uuid, host: host.ref, number: BigInt(n), vendor: 'GenuineIntel', speed: 2200n, modelname: CPU_MODEL,
      family: 6n, model: 85n, stepping: '7', flags: CPU_FLAGS, features: CPU_FEATURES, utilisation: (n % 5) / 20,
    });
    s.link('host', host.ref, 'host_CPUs', cpu.ref);
  }
  const vcpus = Math.min(h.cpus, 8);
  s.add('VM', dom0.ref, {
    uuid: dom0.uuid, name_label: `Control domain on host: ${h.name}`,
    name_description: 'The domain which manages physical devices and manages other domains',
    power_state: 'Running', is_control_domain: true, is_a_template: false, user_version: 1n, domid: 0n,
    resident_on: host.ref, affinity: host.ref, memory_static_max: h.dom0Memory, memory_dynamic_max: h.dom0Memory,
    memory_dynamic_min: h.dom0Memory, memory_static_min: h.dom0Memory / 2n, memory_target: h.dom0Memory,
    VCPUs_max: BigInt(vcpus), VCPUs_at_startup: BigInt(vcpus), VCPUs_params: map({}),
    actions_after_shutdown: 'destroy', actions_after_reboot: 'restart', actions_after_crash: 'restart',
    HVM_boot_params: map({}), platform: map({}), other_config: map({ storage_driver_domain: dom0.ref, is_system_domain: 'true' }),
    domain_type: 'pv', metrics: dom0Metrics.ref, domarch: 'x64', recommendations: '',
  });
  s.add('VM_metrics', dom0Metrics.ref, {
    uuid: dom0Metrics.uuid, memory_actual: h.dom0Memory, VCPUs_number: BigInt(vcpus), VCPUs_CPU: map({}),
    VCPUs_params: map({}), VCPUs_flags: map({}), state: [], start_time: seedTime(0), install_time: seedTime(0),
    last_updated: seedTime(0), current_domain_type: 'pv',
  });
  s.link('host', host.ref, 'resident_VMs', dom0.ref);
  return host.ref;
}

function addPif(s: Staging, h: HostSpec, hostRef: string, netRef: string, device: string, mtu: number, ip: string, management: boolean): void {
  const pif = ids(`PIF/${h.name}/${device}`);
  const metrics = ids(`PIF_metrics/${h.name}/${device}`);
  const fast = h.bandwidth >= 10000;
  s.add('PIF', pif.ref, {
    uuid: pif.uuid, device, network: netRef, host: hostRef, MAC: seedMac(`PIF/${h.name}/${device}`),
    MTU: BigInt(mtu), VLAN: -1n, metrics: metrics.ref, physical: true, currently_attached: true,
    ip_configuration_mode: 'Static', IP: ip, netmask: NETMASK, gateway: management ? GATEWAY : '',
    DNS: management ? GATEWAY : '', management, other_config: map({}), properties: map({ gro: 'on' }),
    capabilities: ['fcoe'],
  });
  s.add('PIF_metrics', metrics.ref, {
    uuid: metrics.uuid, carrier: true, vendor_id: '8086', vendor_name: 'Intel Corporation',
    device_id: fast ? '1572' : '1521', device_name: fast ? 'Ethernet Controller X710 for 10GbE SFP+' : 'I350 Gigabit Network Connection',
    speed: BigInt(h.bandwidth), duplex: true, pci_bus_path: `0000:0${device === 'eth0' ? 1 : 2}:00.0`, last_updated: seedTime(0),
  });
  s.link('host', hostRef, 'PIFs', pif.ref);
  s.link('network', netRef, 'PIFs', pif.ref);
}

function addSr(s: Staging, key: string, values: Rec, hostRefs: readonly string[], deviceConfig: (host: string) => Rec): string {
  const sr = ids(`SR/${key}`);
  s.add('SR', sr.ref, { uuid: sr.uuid, ...values, other_config: map({}), sm_config: map({}),
    virtual_allocation: 0n, physical_utilisation: 0n });
  for (const hostRef of hostRefs) {
    const pbd = ids(`PBD/${key}/${hostRef}`);
    s.add('PBD', pbd.ref, { uuid: pbd.uuid, host: hostRef, SR: sr.ref, device_config: deviceConfig(hostRef),
      currently_attached: true, other_config: map({}) });
    s.link('SR', sr.ref, 'PBDs', pbd.ref);
    s.link('host', hostRef, 'PBDs', pbd.ref);
  }
  return sr.ref;
}

export function addInfra(s: Staging): Infra {
  const pool = ids(`pool/${POOL_NAME}`);
  const sharedSr = ids(`SR/shared`).ref;
  const hosts = new Map<string, string>();
  HOSTS.forEach((h, i) => hosts.set(h.name, addHost(s, h, i, { shared: sharedSr })));
  const networks = new Map<string, string>();
  for (const n of NETWORKS) {
    const net = ids(`network/${n.name}`);
    s.add('network', net.ref, { uuid: net.uuid, name_label: n.name, name_description: n.description, bridge: n.bridge,
      MTU: BigInt(n.mtu), other_config: map({ automatic: n.device === 'eth0' ? 'true' : 'false' }),
      bandwidth: BigInt(n.bandwidth), latency: BigInt(n.latency) });
    networks.set(n.name, net.ref);
    for (const h of HOSTS) {
      const ip = n.device === 'eth0' ? h.address : h.storageAddress;
      addPif(s, h, hosts.get(h.name) as string, net.ref, n.device, n.mtu, ip, n.device === 'eth0');
    }
  }
  const hostRefs = [...hosts.values()];
  addSr(s, 'shared', { name_label: SHARED_SR, name_description: 'Pool-wide file storage', type: 'file',
    content_type: 'user', shared: true, physical_size: 2048n * GiB },
  hostRefs, () => map({ location: '/srv/xenctl/shared' }));
  const localSrs = new Map<string, string>();
  for (const h of HOSTS) {
    const ref = addSr(s, `local/${h.name}`, { name_label: localSrName(h.name), name_description: '', type: 'ext',
      content_type: 'user', shared: false, physical_size: 500n * GiB },
    [hosts.get(h.name) as string], () => map({ device: '/dev/sda3' }));
    localSrs.set(h.name, ref);
  }
  s.add('pool', pool.ref, {
    uuid: pool.uuid, name_label: POOL_NAME, name_description: 'The xenctl demo pool', master: hosts.get('host1') as string,
    default_SR: sharedSr, suspend_image_SR: sharedSr, crash_dump_SR: sharedSr,
    other_config: map({ 'memory-ratio-hvm': '0.25', 'memory-ratio-pv': '0.25' }), cpu_info: map({ cpu_count: '28',
      socket_count: '3', vendor: 'GenuineIntel', features_pv: CPU_FEATURES, features_hvm: CPU_FEATURES }),
    restrictions: map({ restrict_vswitch_controller: 'false', restrict_pooling: 'false' }),
    ha_configuration: map({}), gui_config: map({}), health_check_config: map({}), guest_agent_config: map({}),
  } satisfies Record<string, XenValue>);
  return { pool: pool.ref, hosts, networks, sharedSr, localSrs };
}
