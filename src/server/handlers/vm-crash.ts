// VM.simulate_crash (extension): the reference server's way to crash a running VM's domain, for operators trying
// their alerting and for tests. Dropped by the registry when the model lacks it (--no-extensions). And
// crashdump.destroy, which (as on xapi) removes the dump's VDI with it.
import type { Handler } from '../context.js';
import { crashVm } from '../sim/crash.js';
import { destroyLinked, record } from '../sim/links.js';
import { destroyVdiRecord } from '../sim/power.js';
import { isRef, str } from '../sim/values.js';

export function vmCrashHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['VM.simulate_crash', (call, [vm]) => {
      crashVm(call.server, str(vm));
      return '';
    }],
    ['crashdump.destroy', (call, [self]) => {
      const dump = record(call.server, 'crashdump', str(self));
      const vdi = str(dump['VDI']);
      destroyLinked(call.server, 'crashdump', str(self));
      if (isRef(vdi) && call.server.store.has('VDI', vdi)) destroyVdiRecord(call.server, vdi);
      return '';
    }],
  ]);
}
