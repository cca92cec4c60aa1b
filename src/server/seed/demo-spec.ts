// The demo pool as data (INTERFACES.md, "The demo pool"). Sizes in bytes, bandwidth in Mbit/s.

export const GiB = 1024n ** 3n;
export const MiB = 1024n ** 2n;

/** Every seeded timestamp derives from this instant, so output is stable. */
export const SEED_TIME = new Date('2025-01-06T09:00:00Z');

export function seedTime(minutesLater: number): Date {
  return new Date(SEED_TIME.getTime() + minutesLater * 60_000);
}

export const POOL_NAME = 'demo';
export const GATEWAY = '192.0.2.1';
export const NETMASK = '255.255.255.0';
export const PREFIX = 24;

export interface HostSpec {
  readonly name: string;
  readonly memory: bigint;
  readonly cpus: number;
  readonly tpm: boolean;
  readonly bandwidth: number;
  readonly address: string;
  readonly storageAddress: string;
  readonly cpuFeatures: readonly string[];
  readonly dom0Memory: bigint;
}

const FEATURES_NEW = ['aes', 'avx', 'avx2', 'sse4_2', 'vmx'];
const FEATURES_OLD = ['aes', 'sse4_2', 'vmx'];

export const HOSTS: readonly HostSpec[] = [
  { name: 'host1', memory: 64n * GiB, cpus: 16, tpm: true, bandwidth: 10000, address: '192.0.2.11',
    storageAddress: '198.51.100.11', cpuFeatures: FEATURES_NEW, dom0Memory: 2n * GiB },
  { name: 'host2', memory: 32n * GiB, cpus: 8, tpm: false, bandwidth: 10000, address: '192.0.2.12',
    storageAddress: '198.51.100.12', cpuFeatures: FEATURES_NEW, dom0Memory: 2n * GiB },
  { name: 'host3', memory: 16n * GiB, cpus: 4, tpm: true, bandwidth: 1000, address: '192.0.2.13',
    storageAddress: '198.51.100.13', cpuFeatures: FEATURES_OLD, dom0Memory: 2n * GiB },
];

export interface NetworkSpec {
  readonly name: string;
  readonly description: string;
  readonly bridge: string;
  readonly device: string;
  readonly mtu: number;
  readonly bandwidth: number;
  readonly latency: number;
}

export const MAIN_NETWORK = 'Pool-wide network 0';
export const STORAGE_NETWORK = 'Storage network';

export const NETWORKS: readonly NetworkSpec[] = [
  { name: MAIN_NETWORK, description: 'Management and guest traffic', bridge: 'xenbr0', device: 'eth0', mtu: 1500,
    bandwidth: 10000, latency: 2 },
  { name: STORAGE_NETWORK, description: 'Storage traffic (jumbo frames)', bridge: 'xenbr1', device: 'eth1', mtu: 9000,
    bandwidth: 10000, latency: 1 },
];

export const SHARED_SR = 'Shared storage';
export const localSrName = (host: string): string => `Local storage on ${host}`;

export type PowerState = 'Running' | 'Halted' | 'Suspended' | 'Paused';

export interface VmSpec {
  readonly name: string;
  readonly description: string;
  readonly state: PowerState;
  /** For Running and Paused VMs. */
  readonly host?: string;
  readonly memory: bigint;
  readonly vcpus: number;
  readonly disk: bigint;
  /** Shared SR unless a host name is given (its local SR). */
  readonly localSr?: string;
  readonly profile: readonly string[];
  readonly requiresTpm?: boolean;
  readonly requiresBandwidth?: number;
  /** Static address on Pool-wide network 0, or undefined for DHCP (templates). */
  readonly ip?: string;
  readonly template: 'Debian 12' | 'Ubuntu 24.04';
  readonly isTemplate?: boolean;
}

export const TEMPLATES: readonly VmSpec[] = [
  { name: 'Debian 12', description: 'Debian 12 (bookworm), 64-bit', state: 'Halted', memory: 2n * GiB, vcpus: 2,
    disk: 10n * GiB, profile: [], template: 'Debian 12', isTemplate: true },
  { name: 'Ubuntu 24.04', description: 'Ubuntu 24.04 LTS (noble), 64-bit', state: 'Halted', memory: 2n * GiB,
    vcpus: 2, disk: 16n * GiB, profile: [], template: 'Ubuntu 24.04', isTemplate: true },
];

// Memory: host1 2+4+16+2 = 24 GiB used (40 free), host2 2+4+2+2 = 10 (22 free), host3 2+2 = 4 (12 free).
// db01 needs a TPM (not host2), 10000 Mbit/s (not host3) and 16 GiB: only host1 qualifies.
export const VMS: readonly VmSpec[] = [
  { name: 'web01', description: 'Web server 1', state: 'Running', host: 'host1', memory: 4n * GiB, vcpus: 2,
    disk: 20n * GiB, profile: ['web server'], ip: '192.0.2.21', template: 'Debian 12' },
  { name: 'web02', description: 'Web server 2', state: 'Running', host: 'host2', memory: 4n * GiB, vcpus: 2,
    disk: 20n * GiB, profile: ['web server'], ip: '192.0.2.22', template: 'Debian 12' },
  { name: 'db01', description: 'Database server', state: 'Running', host: 'host1', memory: 16n * GiB, vcpus: 4,
    disk: 100n * GiB, profile: ['dbms host'], requiresTpm: true, requiresBandwidth: 10000, ip: '192.0.2.31',
    template: 'Debian 12' },
  { name: 'mail01', description: 'Mail relay', state: 'Halted', memory: 4n * GiB, vcpus: 2, disk: 20n * GiB,
    profile: ['sendmail switch'], ip: '192.0.2.41', template: 'Debian 12' },
  { name: 'dev01', description: 'Developer workstation', state: 'Halted', memory: 8n * GiB, vcpus: 4,
    disk: 50n * GiB, profile: ['devel workstation'], ip: '192.0.2.51', template: 'Ubuntu 24.04' },
  { name: 'build01', description: 'Build machine', state: 'Suspended', memory: 4n * GiB, vcpus: 4, disk: 40n * GiB,
    profile: [], ip: '192.0.2.61', template: 'Ubuntu 24.04' },
  { name: 'test01', description: 'Test machine 1', state: 'Running', host: 'host1', memory: 2n * GiB, vcpus: 1,
    disk: 10n * GiB, localSr: 'host1', profile: [], ip: '192.0.2.101', template: 'Debian 12' },
  { name: 'test02', description: 'Test machine 2', state: 'Running', host: 'host2', memory: 2n * GiB, vcpus: 1,
    disk: 10n * GiB, profile: [], ip: '192.0.2.102', template: 'Debian 12' },
  { name: 'test03', description: 'Test machine 3', state: 'Running', host: 'host3', memory: 2n * GiB, vcpus: 1,
    disk: 10n * GiB, localSr: 'host3', profile: [], ip: '192.0.2.103', template: 'Ubuntu 24.04' },
  { name: 'test04', description: 'Test machine 4', state: 'Paused', host: 'host2', memory: 2n * GiB, vcpus: 1,
    disk: 10n * GiB, profile: [], ip: '192.0.2.104', template: 'Ubuntu 24.04' },
  { name: 'test05', description: 'Test machine 5', state: 'Halted', memory: 2n * GiB, vcpus: 1, disk: 10n * GiB,
    profile: [], ip: '192.0.2.105', template: 'Debian 12' },
  { name: 'test06', description: 'Test machine 6', state: 'Halted', memory: 2n * GiB, vcpus: 1, disk: 10n * GiB,
    localSr: 'host2', profile: [], ip: '192.0.2.106', template: 'Debian 12' },
];
