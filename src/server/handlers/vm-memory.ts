// VM memory setters with xapi's checks: static limits change only while Halted, dynamic ones while Halted or
// Running, and always static_min <= dynamic_min <= dynamic_max <= static_max (MEMORY_CONSTRAINT_VIOLATION).
// Host memory accounting follows a change on a resident VM.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { refreshHostCapabilities } from '../sim/capabilities.js';
import { record } from '../sim/links.js';
import { VM, assertOpValid } from '../sim/vm-ops.js';
import { int, isRef, str } from '../sim/values.js';

const CONSTRAINT = 'static_min <= dynamic_min <= dynamic_max <= static_max';

/** MEMORY_CONSTRAINT_VIOLATION unless static_min <= dynamic_min <= dynamic_max <= static_max. */
export function assertMemoryOrder(l: Readonly<Limits>): void {
  if (!(l.static_min <= l.dynamic_min && l.dynamic_min <= l.dynamic_max && l.dynamic_max <= l.static_max)) {
    throw new XenApiError(ERR.MEMORY_CONSTRAINT_VIOLATION, [CONSTRAINT]);
  }
}

export interface Limits {
  static_min: bigint;
  dynamic_min: bigint;
  dynamic_max: bigint;
  static_max: bigint;
}

type Edit = (args: readonly bigint[]) => Partial<Limits>;

/** Message -> the operation it counts as and the limits it sets. */
const SETTERS: Readonly<Record<string, { op: string; edit: Edit }>> = {
  set_memory_static_max: { op: 'changing_static_range', edit: ([v]) => ({ static_max: v ?? 0n }) },
  set_memory_static_min: { op: 'changing_static_range', edit: ([v]) => ({ static_min: v ?? 0n }) },
  set_memory_static_range: {
    op: 'changing_static_range', edit: ([min, max]) => ({ static_min: min ?? 0n, static_max: max ?? 0n }),
  },
  set_memory_dynamic_max: { op: 'changing_dynamic_range', edit: ([v]) => ({ dynamic_max: v ?? 0n }) },
  set_memory_dynamic_min: { op: 'changing_dynamic_range', edit: ([v]) => ({ dynamic_min: v ?? 0n }) },
  set_memory_dynamic_range: {
    op: 'changing_dynamic_range', edit: ([min, max]) => ({ dynamic_min: min ?? 0n, dynamic_max: max ?? 0n }),
  },
  set_memory_limits: {
    op: 'changing_memory_limits',
    edit: ([smin, smax, dmin, dmax]) =>
      ({ static_min: smin ?? 0n, static_max: smax ?? 0n, dynamic_min: dmin ?? 0n, dynamic_max: dmax ?? 0n }),
  },
  // xapi: static_max, dynamic_min and dynamic_max all take the value.
  set_memory: {
    op: 'changing_memory_limits', edit: ([v]) => ({ static_max: v ?? 0n, dynamic_min: v ?? 0n, dynamic_max: v ?? 0n }),
  },
};

export function vmMemoryHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  for (const [name, { op, edit }] of Object.entries(SETTERS)) {
    h.set(`VM.${name}`, (call, args) => {
      const vm = str(args[0]);
      const rec = record(call.server, VM, vm);
      assertOpValid(call.server, vm, op);
      const cur: Limits = {
        static_min: int(rec['memory_static_min']), dynamic_min: int(rec['memory_dynamic_min']),
        dynamic_max: int(rec['memory_dynamic_max']), static_max: int(rec['memory_static_max']),
      };
      const next: Limits = { ...cur, ...edit(args.slice(1).map((a) => int(a))) };
      assertMemoryOrder(next);
      call.server.store.update(VM, vm, {
        memory_static_min: next.static_min, memory_dynamic_min: next.dynamic_min,
        memory_dynamic_max: next.dynamic_max, memory_static_max: next.static_max,
      });
      const host = str(rec['resident_on']);
      if (isRef(host)) refreshHostCapabilities(call.server, host);
      return '';
    });
  }
  return h;
}
