// A xapi dump holds no values for xenctl's host capability extensions (memory_total, memory_free, cpu_count,
// bandwidth). After an import they are derived from what the dump does hold, as the simulator keeps them later on.
import type { Model } from '../../model/types.js';
import type { Clock } from '../context.js';
import type { ObjectStore } from '../store/types.js';
import { refreshHostCapabilities } from '../sim/capabilities.js';
import { int, strList } from '../sim/values.js';
import { isStruct } from '../../model/values.js';

const HOST = 'host';
const CPU_COUNT = 'cpu_count';

/** The host's CPU count as the dump tells it: cpu_info's cpu_count, else its host_cpu objects. */
function dumpCpuCount(host: ReturnType<ObjectStore['get']>): bigint {
  const info = host?.['cpu_info'];
  const text = isStruct(info) ? info[CPU_COUNT] : undefined;
  if (typeof text === 'string' && /^[1-9][0-9]*$/.test(text)) return BigInt(text);
  return BigInt(strList(host?.['host_CPUs']).length);
}

export function deriveImportedHostCapabilities(store: ObjectStore, model: Model, clock: Clock): void {
  if (model.findField(HOST, CPU_COUNT) === undefined) return; // --no-extensions: nothing to derive
  const run = (): void => {
    for (const ref of [...store.all(HOST)].map(([r]) => r)) {
      refreshHostCapabilities({ store, model, clock }, ref);
      const host = store.get(HOST, ref);
      const cpus = dumpCpuCount(host);
      if (int(host?.[CPU_COUNT]) === 0n && cpus > 0n) store.update(HOST, ref, { [CPU_COUNT]: cpus });
    }
  };
  if (store.bulk !== undefined) store.bulk(run);
  else run();
}
