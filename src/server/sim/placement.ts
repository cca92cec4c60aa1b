// Choosing a host for a VM to boot on: the affinity host first when it passes every check, then the others by
// free memory (most first). Disabled and dead hosts are skipped.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { ServerContext } from '../context.js';
import { bootFailure, firstFailure, runChecks } from './checks.js';
import { record } from './links.js';
import { hostFree } from './memory.js';
import { str } from './values.js';

function candidates(server: ServerContext, vmRef: string): string[] {
  const affinity = str(record(server, 'VM', vmRef)['affinity']);
  const hosts = Array.from(server.store.all('host'), ([ref]) => ref);
  const free = new Map(hosts.map((h) => [h, hostFree(server, h)]));
  hosts.sort((a, b) => {
    if (a === affinity) return -1;
    if (b === affinity) return 1;
    const d = (free.get(b) ?? 0n) - (free.get(a) ?? 0n);
    return d > 0n ? 1 : d < 0n ? -1 : 0;
  });
  return hosts;
}

/** Hosts the VM could boot on now (VM.get_possible_hosts). */
export function possibleHosts(server: ServerContext, vmRef: string): string[] {
  return candidates(server, vmRef).filter((h) => bootFailure(server, vmRef, h) === undefined);
}

/**
 * The host VM.start / VM.resume place the VM on, as xapi chooses it: a host passing every check (affinity first);
 * failing that, xapi tries again ignoring memory and the chosen host's own memory check fails
 * (HOST_NOT_ENOUGH_FREE_MEMORY [needed, available]); with no host passing the other checks, NO_HOSTS_AVAILABLE.
 */
export function chooseHost(server: ServerContext, vmRef: string): string {
  const checked = candidates(server, vmRef).map((h) => ({ h, results: runChecks(server, vmRef, h) }));
  for (const { h, results } of checked) if (firstFailure(results) === undefined) return h;
  for (const { results } of checked) {
    if (firstFailure(results.filter((r) => r.name !== 'memory')) !== undefined) continue;
    const memory = firstFailure(results);
    if (memory !== undefined) throw memory;
  }
  throw new XenApiError(ERR.NO_HOSTS_AVAILABLE, []);
}
