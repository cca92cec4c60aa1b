// VM.create and VM.set_is_a_template: the generic implementations plus what xapi adds (memory limits checked, a metrics object, domid -1,
// allowed_operations for the new state; making a template needs a Halted VM).
import type { Handler } from '../context.js';
import { serveImplicit } from '../implicit.js';
import { newRef } from '../store/records.js';
import { createLinked, record } from '../sim/links.js';
import { VM, assertOpValid, refreshAllowedOps } from '../sim/vm-ops.js';
import { bool, int, isRef, str } from '../sim/values.js';
import { isStruct } from '../../model/values.js';
import { assertMemoryOrder } from './vm-memory.js';

export function vmRecordHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('VM.create', (call, args) => {
    // xapi's VM.create validates the memory limits as the setters do.
    const given = args[0];
    if (isStruct(given)) {
      assertMemoryOrder({
        static_min: int(given['memory_static_min']), dynamic_min: int(given['memory_dynamic_min']),
        dynamic_max: int(given['memory_dynamic_max']), static_max: int(given['memory_static_max']),
      });
    }
    const ref = str(serveImplicit(call, args));
    const vm = record(call.server, VM, ref);
    const changes: Record<string, bigint | string> = {};
    if (!isRef(str(vm['metrics']))) {
      const metrics = newRef();
      createLinked(call.server, 'VM_metrics', metrics, { install_time: call.server.clock.now() });
      changes['metrics'] = metrics;
    }
    if (str(vm['power_state']) === 'Halted') changes['domid'] = -1n;
    call.server.store.update(VM, ref, changes);
    refreshAllowedOps(call.server, ref);
    return ref;
  });
  h.set('VM.set_is_a_template', (call, args) => {
    const [vm, value] = args;
    const rec = record(call.server, VM, str(vm));
    if (value === true && !bool(rec['is_a_template'])) assertOpValid(call.server, str(vm), 'make_into_template');
    serveImplicit(call, args);
    refreshAllowedOps(call.server, str(vm));
    return '';
  });
  return h;
}
