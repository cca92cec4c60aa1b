// On a plain xapi the extension fields are missing from the records (the client fills in zeroes). These enrichers
// put in what plain XenAPI can tell: a VM's profiles from its tags `profile:VALUE`; a host's memory from
// host_metrics and host.compute_free_memory, CPUs from cpu_info, bandwidth from its fastest PIF; a network's bandwidth from its PIFs.
// What nothing can tell (a host's TPM, a network's latency) reads `unknown`.
import type { XenStruct, XenValue } from '../../../model/types.js';
import type { Caller } from '../../context.js';
import { CLS, F, XAPI } from './names.js';
import { profilesOf } from './profile-tags.js';
import { allRecords, int, str, strs, struct } from './values.js';

/** What a field shows when plain xapi cannot tell it. */
export const UNKNOWN = 'unknown';

export type Records = ReadonlyMap<string, XenStruct>;
type Enricher = (caller: Caller, records: Records) => Promise<Records>;

interface PifSpeed {
  readonly host: string;
  readonly network: string;
  readonly speed: bigint;
}

/** Every PIF's host, network and PIF_metrics.speed (Mbit/s). */
async function pifSpeeds(caller: Caller): Promise<PifSpeed[]> {
  const pifs = await allRecords(caller, XAPI.pifAllRecords);
  const metrics = await allRecords(caller, XAPI.pifMetricsAllRecords);
  return [...pifs.values()].map((pif) => ({
    host: str(pif[F.host]), network: str(pif[F.network]), speed: int(metrics.get(str(pif[F.metrics]))?.[F.speed]),
  }));
}

function fastest(speeds: readonly PifSpeed[], keep: (p: PifSpeed) => boolean): bigint {
  return speeds.filter(keep).reduce((best, p) => (p.speed > best ? p.speed : best), 0n);
}

function mapValues(records: Records, f: (ref: string, r: XenStruct) => XenStruct): Records {
  return new Map([...records].map(([ref, r]) => [ref, f(ref, r)]));
}

const vm: Enricher = async (_caller, records) => mapValues(records, (_ref, r) => ({ ...r, [F.profile]: profilesOf(r) }));

/**
 * A host's free memory as xapi computes it for placement: host_metrics.memory_free is removed from the datamodel
 * (xapi leaves it 0), so ask host.compute_free_memory; the metrics' value only if that call fails.
 */
async function freeMemory(caller: Caller, refs: readonly string[]): Promise<Map<string, bigint>> {
  const answers = await Promise.all(refs.map(async (ref) => {
    try {
      return [ref, int(await caller.call(XAPI.hostComputeFreeMemory, [ref]))] as const;
    } catch {
      return undefined;
    }
  }));
  return new Map(answers.filter((a) => a !== undefined));
}

const host: Enricher = async (caller, records) => {
  const metrics = await allRecords(caller, XAPI.hostMetricsAllRecords);
  const speeds = await pifSpeeds(caller);
  const free = await freeMemory(caller, [...records.keys()]);
  return mapValues(records, (ref, r) => {
    const m = metrics.get(str(r[F.metrics]));
    const cpu = struct(r[F.cpuInfo]);
    return {
      ...r,
      [F.memoryTotal]: int(m?.[F.memoryTotal]),
      [F.memoryFree]: free.get(ref) ?? int(m?.[F.memoryFree]),
      [F.cpuCount]: int(cpu[F.cpuCount]),
      [F.cpuFeatures]: str(cpu[F.cpuFlags]).split(' ').filter((x) => x !== ''),
      [F.tpm]: UNKNOWN,
      [F.bandwidth]: fastest(speeds, (p) => p.host === ref),
    };
  });
};

const network: Enricher = async (caller, records) => {
  const speeds = await pifSpeeds(caller);
  return mapValues(records, (ref, r) => ({
    ...r,
    [F.bandwidth]: strs(r[F.pifs]).length > 0 ? fastest(speeds, (p) => p.network === ref) : UNKNOWN,
    [F.latency]: UNKNOWN,
  }));
};

/** Per class: the enricher and the stderr note saying what the fallback does. */
export const PLAIN_RECORDS: ReadonlyMap<string, { readonly enrich: Enricher; readonly note: string }> = new Map([
  [CLS.vm, { enrich: vm, note: "VM profiles are read from tags 'profile:VALUE'" }],
  [CLS.host, { enrich: host, note: 'host memory from host_metrics and host.compute_free_memory, CPUs from cpu_info, bandwidth from PIF_metrics.speed; tpm unknown' }],
  [CLS.network, { enrich: network, note: 'network bandwidth is the fastest PIF_metrics.speed of its PIFs; latency unknown' }],
]);

/** A caller whose `<cls>.get_record` and `<cls>.get_all_records` answers come back enriched. */
export function enrichingCaller(inner: Caller, cls: string, enrich: Enricher): Caller {
  const getRecord = `${cls}.get_record`;
  const getAll = `${cls}.get_all_records`;
  return {
    async call(method: string, args: readonly XenValue[]): Promise<XenValue> {
      const v = await inner.call(method, args);
      if (method === getAll) return Object.fromEntries(await enrich(inner, new Map(Object.entries(struct(v)).map(([k, r]) => [k, struct(r)]))));
      if (method !== getRecord) return v;
      const ref = str(args[0]);
      return (await enrich(inner, new Map([[ref, struct(v)]]))).get(ref) ?? v;
    },
    ...(inner.callAsync === undefined ? {} : { callAsync: inner.callAsync.bind(inner) }),
  };
}
