// `--synthetic N`: N more VMs in the demo pool, as full as real ones, for big-pool benchmarks: every field set, metrics,
// a disk and a NIC, and a mix modelled on real xapi database dumps: one in ten ran before (BIOS strings, guest metrics,
// a boot record of about 1 KB), half were installed from a template and never started (no boot record, as real halted
// VMs often have none), the rest were imported (no template recommendations nor template other_config). All halted.
// The model has ~96 VM fields where a real dump has ~75 (the empty fields alone make ~7 KB of XML-RPC per VM), so
// the content is kept lean to make a 10,000-VM VM.get_all_records XML-RPC reply of about 86 MB, the size of the real
// 10,000-VM reply PERFORMANCE.md measures.
import type { Model } from '../../model/types.js';
import type { ObjectStore } from '../store/types.js';
import { GiB, MAIN_NETWORK } from './demo-spec.js';
import { Staging } from './staging.js';
import { addVm } from './vm-builder.js';

export const SYNTHETIC_PREFIX = 'synth-';

type Kind = 'ran' | 'installed' | 'imported';
/** One VM in ten ran before, half were installed from a template and never started, the rest were imported. */
const KINDS: readonly Kind[] = ['ran', 'installed', 'imported', 'installed', 'imported', 'installed', 'imported', 'installed',
  'imported', 'installed'];
/** A Linux HVM guest's platform map as in real dumps. */
const PLATFORM: Readonly<Record<string, string>> = { acpi: '1', apic: 'true', nx: 'true', pae: 'true', viridian: 'false' };
const XENSTORE_DATA: Readonly<Record<string, string>> = { 'vm-data': '' };
const NO_PARAMS: Readonly<Record<string, string>> = {};
const WEB = ['web server'];
const DEVEL = ['devel workstation'];

export interface SyntheticResult {
  readonly vms: readonly string[];
}

function findRef(store: ObjectStore, cls: string, name: string): string | undefined {
  for (const [ref, rec] of store.all(cls)) if (rec['name_label'] === name) return ref;
  return undefined;
}

/** Adds `n` halted VMs named synth-00001...; needs a pool with a default SR and `Pool-wide network 0`. */
export function addSyntheticVms(store: ObjectStore, model: Model, n: number): SyntheticResult {
  const pool = store.all('pool').next().value?.[1];
  const srRef = pool?.['default_SR'];
  const networkRef = findRef(store, 'network', MAIN_NETWORK);
  if (typeof srRef !== 'string' || !store.has('SR', srRef) || networkRef === undefined) {
    throw new Error('synthetic VMs need the demo pool (a default SR and Pool-wide network 0)');
  }
  const hosts = [...store.all('host')].map(([ref]) => ref);
  let start = 0;
  for (const [, vm] of store.all('VM')) {
    const name = vm['name_label'];
    if (typeof name === 'string' && name.startsWith(SYNTHETIC_PREFIX)) start += 1;
  }
  const s = new Staging(model, store);
  const vms: string[] = [];
  for (let k = 1; k <= n; k += 1) {
    const i = start + k;
    const name = `${SYNTHETIC_PREFIX}${String(i).padStart(5, '0')}`;
    const ubuntu = i % 3 === 0;
    const affinity = hosts[i % Math.max(hosts.length, 1)];
    const kind = KINDS[i % KINDS.length] ?? 'ran';
    const made = addVm(s, {
      key: `synthetic/${i}`, name, description: `Synthetic VM ${i} for large-pool tests`, state: 'Halted',
      memory: BigInt(1 + (i % 4)) * GiB, vcpus: 1 + (i % 4), disk: BigInt(10 + (i % 5) * 10) * GiB, srRef,
      suspendSrRef: srRef, networkRef, ip: `10.${1 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`,
      profile: i % 2 === 0 ? WEB : DEVEL, template: ubuntu ? 'Ubuntu 24.04' : 'Debian 12',
      minute: 600 + (i % 1440), withBootRecord: 'short', ranBefore: kind === 'ran', biosStrings: kind === 'ran',
      platform: PLATFORM, xenstoreData: XENSTORE_DATA, vcpusParams: NO_PARAMS,
      ...(kind === 'imported' ? { recommendations: '', templateConfig: {} } : {}),
      ...(affinity !== undefined ? { affinityRef: affinity } : {}),
      tags: ['synthetic', `batch-${Math.floor(i / 1000)}`],
      otherConfig: i % 7 === 0 ? { auto_poweron: 'true' } : {},
    });
    vms.push(made.vm);
  }
  s.commit();
  return { vms };
}
