// The host fields that follow placement: memory_free (extension and host_metrics), memory_total and bandwidth
// (extension: the fastest PIF's PIF_metrics.speed). Called after every placement change.
import type { ServerContext } from '../context.js';
import { alertIfLowMemory } from './alerts.js';
import { hostFree, hostTotal } from './memory.js';
import { int, isRef, str, strList } from './values.js';

type Writer = Pick<ServerContext, 'store' | 'model' | 'clock'>;

/** The fastest PIF speed of the host, in Mbit/s (0 when it has none). */
export function pifBandwidth(server: Writer, hostRef: string): bigint {
  let best = 0n;
  for (const pif of strList(server.store.get('host', hostRef)?.['PIFs'])) {
    const metrics = str(server.store.get('PIF', pif)?.['metrics']);
    const speed = isRef(metrics) ? int(server.store.get('PIF_metrics', metrics)?.['speed']) : 0n;
    if (speed > best) best = speed;
  }
  return best;
}

export function refreshHostCapabilities(server: Writer, hostRef: string): void {
  const host = server.store.get('host', hostRef);
  if (host === undefined) return;
  const free = hostFree(server, hostRef);
  const metrics = str(host['metrics']);
  const m = isRef(metrics) ? server.store.get('host_metrics', metrics) : undefined;
  if (m !== undefined && m['memory_free'] !== free) server.store.update('host_metrics', metrics, { memory_free: free });
  if (server.model.findField('host', 'memory_free') === undefined) return;
  const total = hostTotal(server, host);
  if (typeof host['memory_free'] === 'bigint') alertIfLowMemory(server, hostRef, host['memory_free'], free, total);
  const changes: Record<string, bigint> = { memory_free: free, memory_total: total };
  const speed = pifBandwidth(server, hostRef);
  if (speed > 0n) changes['bandwidth'] = speed;
  if (Object.entries(changes).some(([k, v]) => host[k] !== v)) server.store.update('host', hostRef, changes);
}

export function refreshAllHosts(server: Writer): void {
  for (const [ref] of server.store.all('host')) refreshHostCapabilities(server, ref);
}
