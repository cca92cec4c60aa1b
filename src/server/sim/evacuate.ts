// host.evacuate planning: every guest VM resident on the host must be one pool_migrate accepts now (a paused or busy
// VM prevents the evacuation, as with xapi) and gets another host that passes the boot checks, with the memory of VMs
// already planned onto a host counted against it.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { ServerContext } from '../context.js';
import { firstFailure, runChecks } from './checks.js';
import { record } from './links.js';
import { hostFree, memoryNeeded } from './memory.js';
import { bool, strList } from './values.js';
import { assertOpValid } from './vm-ops.js';

export interface EvacuationPlan {
  readonly moves: ReadonlyMap<string, string>;
  readonly failures: ReadonlyMap<string, XenApiError>;
}

/** Guest VMs resident on the host (control domains stay). */
export function guestsOn(server: ServerContext, hostRef: string): string[] {
  return strList(record(server, 'host', hostRef)['resident_VMs'])
    .filter((vm) => !bool(server.store.get('VM', vm)?.['is_control_domain']));
}

function migrateRefusal(server: ServerContext, vm: string): XenApiError | undefined {
  try {
    assertOpValid(server, vm, 'pool_migrate');
    return undefined;
  } catch (e) {
    if (e instanceof XenApiError) return e;
    throw e;
  }
}

export function planEvacuation(server: ServerContext, hostRef: string): EvacuationPlan {
  const others = Array.from(server.store.all('host'), ([ref]) => ref).filter((h) => h !== hostRef);
  const planned = new Map<string, bigint>(others.map((h) => [h, 0n]));
  const moves = new Map<string, string>();
  const failures = new Map<string, XenApiError>();
  const vms = guestsOn(server, hostRef).sort((a, b) => {
    const d = memoryNeeded(record(server, 'VM', b)) - memoryNeeded(record(server, 'VM', a));
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
  for (const vm of vms) {
    // As xapi plans it, a VM that could not be pool-migrated now (paused, busy, blocked) prevents the evacuation.
    const invalid = migrateRefusal(server, vm);
    if (invalid !== undefined) {
      failures.set(vm, invalid);
      continue;
    }
    const need = memoryNeeded(record(server, 'VM', vm));
    let chosen: string | undefined;
    let memoryShort: XenApiError | undefined;
    let other: XenApiError | undefined;
    const byFree = [...others].sort((a, b) => {
      const d = (hostFree(server, b) - (planned.get(b) ?? 0n)) - (hostFree(server, a) - (planned.get(a) ?? 0n));
      return d > 0n ? 1 : d < 0n ? -1 : 0;
    });
    for (const h of byFree) {
      const results = runChecks(server, vm, h).filter((r) => r.name !== 'memory');
      const e = firstFailure(results);
      if (e !== undefined) {
        other ??= e;
        continue;
      }
      const available = hostFree(server, h) - (planned.get(h) ?? 0n);
      if (available >= need) {
        chosen = h;
        break;
      }
      memoryShort ??= new XenApiError(ERR.HOST_NOT_ENOUGH_FREE_MEMORY, [String(need), String(available)]);
    }
    if (chosen !== undefined) {
      moves.set(vm, chosen);
      planned.set(chosen, (planned.get(chosen) ?? 0n) + need);
    } else {
      failures.set(vm, memoryShort ?? other ?? new XenApiError(ERR.NO_HOSTS_AVAILABLE, []));
    }
  }
  return { moves, failures };
}

/**
 * The error host.assert_can_evacuate raises for a plan with failures, or undefined: xapi's CANNOT_EVACUATE_HOST with
 * one parameter, each failure as `CODE,param,...`, joined by `|`.
 */
export function evacuationError(plan: EvacuationPlan): XenApiError | undefined {
  const failures = [...plan.failures.values()];
  if (failures.length === 0) return undefined;
  return new XenApiError(ERR.CANNOT_EVACUATE_HOST, [failures.map((e) => [e.code, ...e.params].join(',')).join('|')]);
}

/** The error host.evacuate raises for a plan with failures (xapi raises the first VM's own error), or undefined. */
export function firstEvacuationError(plan: EvacuationPlan): XenApiError | undefined {
  return plan.failures.values().next().value;
}
