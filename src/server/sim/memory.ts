// Host memory accounting: free = total - (each resident or scheduled VM's memory_static_max + memory_overhead,
// the control domain included) - the host's own memory_overhead. Suspended and halted VMs use none.
import type { XenStruct } from '../../model/types.js';
import type { ServerContext } from '../context.js';
import { int, isRef, str, strList } from './values.js';

type Reader = Pick<ServerContext, 'store' | 'model'>;

export function hostTotal(server: Reader, host: XenStruct): bigint {
  const metrics = str(host['metrics']);
  const m = isRef(metrics) ? server.store.get('host_metrics', metrics) : undefined;
  const fromMetrics = int(m?.['memory_total']);
  return fromMetrics > 0n ? fromMetrics : int(host['memory_total']);
}

/** The memory a VM holds on its host while it runs. */
export function vmFootprint(vm: XenStruct): bigint {
  return int(vm['memory_static_max']) + int(vm['memory_overhead']);
}

/** The memory a VM asks of a host to boot: its requirement when set higher (extension), else its footprint. */
export function memoryNeeded(vm: XenStruct): bigint {
  const own = vmFootprint(vm);
  const required = int(vm['requires_memory']);
  return required > own ? required : own;
}

/** VMs holding memory on the host: resident ones and those scheduled to start there. */
export function vmsOnHost(server: Reader, hostRef: string): string[] {
  const host = server.store.get('host', hostRef);
  const out = new Set(strList(host?.['resident_VMs']));
  for (const [ref, vm] of server.store.all('VM')) {
    if (vm['scheduled_to_be_resident_on'] === hostRef) out.add(ref);
  }
  return [...out];
}

export function hostFree(server: Reader, hostRef: string): bigint {
  const host = server.store.get('host', hostRef);
  if (host === undefined) return 0n;
  let used = int(host['memory_overhead']);
  for (const ref of vmsOnHost(server, hostRef)) {
    const vm = server.store.get('VM', ref);
    if (vm !== undefined) used += vmFootprint(vm);
  }
  return hostTotal(server, host) - used;
}

/** The memory the VM could use on the host: its free memory, plus the VM's own when it is already there. */
export function freeFor(server: Reader, vmRef: string, hostRef: string): bigint {
  const vm = server.store.get('VM', vmRef);
  const free = hostFree(server, hostRef);
  if (vm === undefined) return free;
  const there = vm['resident_on'] === hostRef || vm['scheduled_to_be_resident_on'] === hostRef;
  return there ? free + vmFootprint(vm) : free;
}
