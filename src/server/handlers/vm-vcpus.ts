// VM.set_VCPUs_max and VM.set_VCPUs_at_startup count as the changing_VCPUs operation in xapi, so they are checked
// like it (a Running VM answers VM_BAD_POWER_STATE) before the field is written.
import type { Handler } from '../context.js';
import { VM, assertOpValid } from '../sim/vm-ops.js';
import { str } from '../sim/values.js';

const SETTERS: Readonly<Record<string, string>> = { set_VCPUs_max: 'VCPUs_max', set_VCPUs_at_startup: 'VCPUs_at_startup' };

export function vmVcpuHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  for (const [name, field] of Object.entries(SETTERS)) {
    h.set(`VM.${name}`, (call, [self, value]) => {
      const vm = str(self);
      assertOpValid(call.server, vm, 'changing_VCPUs');
      if (value !== undefined) call.server.store.update(VM, vm, { [field]: value });
      return '';
    });
  }
  return h;
}
