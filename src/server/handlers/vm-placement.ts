// VM placement messages: assert_can_boot_here, get_possible_hosts, pool_migrate, migrate_send and
// assert_can_migrate within the pool (host.migrate_receive makes their token), and the VM.migrate extension.
import type { XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler } from '../context.js';
import { assertCanBootHere, firstFailure } from '../sim/checks.js';
import { qualification } from './host-placement.js';
import { record } from '../sim/links.js';
import { moveVm } from '../sim/migrate.js';
import { possibleHosts } from '../sim/placement.js';
import type { SimOptions } from '../sim/progress.js';
import { VM, assertOpValid, powerState, withVmOperation } from '../sim/vm-ops.js';
import { fields, isRef, str, strMap } from '../sim/values.js';
import { MIGRATE_SEND, assertCanMigrateSend, migrateSend, type Remap } from '../sim/storage-motion.js';
import { masterHost } from '../sessions.js';

const OP = 'pool_migrate';

/** Checks a live migration of the VM to `dest` would pass; throws xapi's error otherwise. */
function assertCanMove(call: CallContext, vm: string, dest: string): void {
  assertOpValid(call.server, vm, OP);
  record(call.server, 'host', dest);
  assertCanBootHere(call.server, vm, dest);
}

async function migrateTo(call: CallContext, opts: SimOptions, vm: string, dest: string): Promise<void> {
  assertCanMove(call, vm, dest);
  await withVmOperation(call, vm, OP, async () => {
    if (str(record(call.server, VM, vm)['resident_on']) === dest) return;
    await moveVm(call, opts, vm, dest);
  });
}

/** vdi_map and vif_map, their targets checked. */
function remapOf(call: CallContext, vdiMap: XenValue | undefined, vifMap: XenValue | undefined): Remap {
  const check = (cls: string, entries: Record<string, string>): Map<string, string> => {
    for (const target of Object.values(entries)) record(call.server, cls, target);
    return new Map(Object.entries(entries));
  };
  return { vdis: check('SR', strMap(vdiMap)), vifs: check('network', strMap(vifMap)) };
}

/** The destination host of an intra-pool migrate_send token map (`host` key), when it names one of ours. */
function tokenHost(call: CallContext, vm: string, dest: XenValue | undefined): string {
  const host = strMap(dest)['host'] ?? '';
  if (!call.server.store.has('host', host)) {
    const source = str(record(call.server, VM, vm)['resident_on']);
    throw new XenApiError(ERR.VM_MIGRATE_FAILED, [vm, source, host, 'the destination is not a host of this pool']);
  }
  return host;
}

export function vmPlacementHandlers(opts: SimOptions): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VM.assert_can_boot_here', (call, [vm, host]) => {
    record(call.server, VM, str(vm));
    record(call.server, 'host', str(host));
    assertCanBootHere(call.server, str(vm), str(host));
    return '';
  });
  h.set('VM.get_possible_hosts', (call, [vm]) => {
    record(call.server, VM, str(vm));
    return possibleHosts(call.server, str(vm));
  });
  h.set('VM.pool_migrate', async (call, [vm, host]) => {
    await migrateTo(call, opts, str(vm), str(host));
    return '';
  });
  h.set('VM.assert_can_migrate', (call, [vm, dest, , vdiMap, vifMap]) => {
    record(call.server, VM, str(vm));
    assertCanMigrateSend(call.server, str(vm), tokenHost(call, str(vm), dest), remapOf(call, vdiMap, vifMap));
    return '';
  });
  h.set('VM.migrate_send', async (call, [vm, dest, , vdiMap, vifMap]) => {
    const ref = str(vm);
    record(call.server, VM, ref);
    const host = tokenHost(call, ref, dest);
    const remap = remapOf(call, vdiMap, vifMap);
    assertCanMigrateSend(call.server, ref, host, remap);
    await withVmOperation(call, ref, MIGRATE_SEND, () => migrateSend(call, opts, ref, host, remap));
    return ref;
  });
  h.set('host.migrate_receive', (call, [host]) => {
    const ref = str(host);
    const address = str(record(call.server, 'host', ref)['address']);
    return fields({ host: ref, master: masterHost(call.server), session_id: call.session?.ref ?? '',
      xenops: `http://${address}/services/xenops`, SM: `http://${address}/services/SM` });
  });
  h.set('VM.migrate', async (call, [vm, current, destination, test]) => {
    const ref = str(vm);
    const dest = str(destination);
    const rec = record(call.server, VM, ref);
    record(call.server, 'host', dest);
    const resident = str(rec['resident_on']);
    const from = isRef(str(current)) ? str(current) : resident;
    if (test === true) {
      return powerState(rec) === 'Running' && from === resident && rec['is_a_template'] !== true
        && Object.keys(strMap(rec['current_operations'])).length === 0 && firstFailure(qualification(call, ref, dest)) === undefined;
    }
    assertOpValid(call.server, ref, OP);
    if (from !== resident) throw new XenApiError(ERR.VM_NOT_RESIDENT_HERE, [ref, from]);
    await migrateTo(call, opts, ref, dest);
    return true;
  });
  return h;
}
