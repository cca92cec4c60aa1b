// Choosing a host for a VM to boot on: the affinity host first when it passes every check, then the others by
// free memory (most first). Disabled hosts are skipped.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { ServerContext } from '../context.js';
import { bootFailure } from './checks.js';
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
 * The host VM.start / VM.resume place the VM on. With one host in the pool its own failure is raised (as xapi
 * does); with several and none suitable, NO_HOSTS_AVAILABLE.
 */
export function chooseHost(server: ServerContext, vmRef: string): string {
  const hosts = candidates(server, vmRef);
  const failures: XenApiError[] = [];
  for (const h of hosts) {
    const failure = bootFailure(server, vmRef, h);
    if (failure === undefined) return h;
    failures.push(failure);
  }
  const only = failures[0];
  if (failures.length === 1 && only !== undefined) throw only;
  throw new XenApiError(ERR.NO_HOSTS_AVAILABLE, []);
}
