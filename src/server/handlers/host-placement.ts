// host messages about placement and power: disable/enable, evacuate and its checks, free memory, reboot, shutdown,
// power_on, and the qualification extension (host.qualify, host.get_qualification).
import type { XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { refreshHostCapabilities } from '../sim/capabilities.js';
import { alertNotQualified } from '../sim/alerts.js';
import { assertCanBootHere, runChecks, type CheckResult } from '../sim/checks.js';
import { evacuationError, firstEvacuationError, guestsOn, planEvacuation } from '../sim/evacuate.js';
import { record } from '../sim/links.js';
import { hostFree } from '../sim/memory.js';
import { moveVm } from '../sim/migrate.js';
import { halt } from '../sim/power.js';
import type { SimOptions } from '../sim/progress.js';
import { withVmOperation } from '../sim/vm-ops.js';
import { bool, fields, int, isRef, str } from '../sim/values.js';

const HOST = 'host';
const PASS = 'pass';

function setLive(call: Parameters<Handler>[0], host: string, live: boolean): void {
  const metrics = str(record(call.server, HOST, host)['metrics']);
  if (isRef(metrics) && call.server.store.has('host_metrics', metrics)) {
    call.server.store.update('host_metrics', metrics, { live, last_updated: call.server.clock.now() });
  }
}

function assertDisabled(call: Parameters<Handler>[0], host: string): void {
  if (bool(record(call.server, HOST, host)['enabled'])) throw new XenApiError(ERR.HOST_NOT_DISABLED, []);
}

/** The guests die with the host (as after a crash: DB-only reset to Halted). */
function haltGuests(call: Parameters<Handler>[0], host: string): void {
  for (const vm of guestsOn(call.server, host)) halt(call.server, vm);
  refreshHostCapabilities(call.server, host);
}

/** The qualification checks; a failed qualification raises a message about the VM. */
export function qualification(call: Parameters<Handler>[0], vm: string, host: string): CheckResult[] {
  const results = runChecks(call.server, vm, host);
  const failed = results.flatMap((r) => (r.failure === undefined ? [] : [`${r.name}: ${r.failure.text.replace(/^fail: /, '')}`]));
  if (failed.length > 0) alertNotQualified(call.server, vm, host, failed);
  return results;
}

export function hostPlacementHandlers(opts: SimOptions): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('host.disable', (call, [host]) => {
    record(call.server, HOST, str(host));
    call.server.store.update(HOST, str(host), { enabled: false });
    return '';
  });
  h.set('host.enable', (call, [host]) => {
    record(call.server, HOST, str(host));
    call.server.store.update(HOST, str(host), { enabled: true });
    return '';
  });
  h.set('host.compute_free_memory', (call, [host]) => {
    record(call.server, HOST, str(host));
    return hostFree(call.server, str(host));
  });
  h.set('host.compute_memory_overhead', (call, [host]) => int(record(call.server, HOST, str(host))['memory_overhead']));
  h.set('host.assert_can_evacuate', (call, [host]) => {
    record(call.server, HOST, str(host));
    const e = evacuationError(planEvacuation(call.server, str(host)));
    if (e !== undefined) throw e;
    return '';
  });
  h.set('host.get_vms_which_prevent_evacuation', (call, [host]) => {
    record(call.server, HOST, str(host));
    const out: Record<string, XenValue> = fields();
    for (const [vm, e] of planEvacuation(call.server, str(host)).failures) out[vm] = [e.code, ...e.params];
    return out;
  });
  h.set('host.evacuate', async (call, [host]) => {
    const ref = str(host);
    record(call.server, HOST, ref);
    const plan = planEvacuation(call.server, ref);
    const e = firstEvacuationError(plan);
    if (e !== undefined) throw e;
    const moves = [...plan.moves.entries()];
    let done = 0;
    for (const [vm, dest] of moves) {
      const from = done / moves.length;
      done += 1;
      const to = (done / moves.length) * 0.95;
      // The plan was made before the first move waited; another call may have taken the room since.
      assertCanBootHere(call.server, vm, dest);
      await withVmOperation(call, vm, 'pool_migrate', () => moveVm(call, opts, vm, dest, from, to), false);
    }
    return '';
  });
  h.set('host.reboot', (call, [host]) => {
    assertDisabled(call, str(host));
    haltGuests(call, str(host));
    call.server.store.update(HOST, str(host), { enabled: true });
    setLive(call, str(host), true);
    return '';
  });
  h.set('host.shutdown', (call, [host]) => {
    assertDisabled(call, str(host));
    haltGuests(call, str(host));
    setLive(call, str(host), false);
    return '';
  });
  h.set('host.power_on', (call, [host]) => {
    record(call.server, HOST, str(host));
    setLive(call, str(host), true);
    call.server.store.update(HOST, str(host), { enabled: true });
    return '';
  });
  h.set('host.qualify', (call, [vm, host]) => qualification(call, str(vm), str(host)).every((r) => r.failure === undefined));
  h.set('host.get_qualification', (call, [vm, host]) => {
    const out: Record<string, XenValue> = fields();
    for (const r of qualification(call, str(vm), str(host))) out[r.name] = r.failure?.text ?? PASS;
    return out;
  });
  return h;
}
