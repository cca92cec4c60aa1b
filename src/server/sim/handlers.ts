// Every handler group of the simulated hypervisor, for builtinHandlers (src/server/handlers/index.ts).
// Extension messages (host.qualify, VM.migrate, VM.simulate_crash, ...) are dropped by the registry when the model lacks them.
import type { Handler } from '../context.js';
import { hostPlacementHandlers } from '../handlers/host-placement.js';
import { taskCancelHandlers } from '../handlers/task-cancel.js';
import { taskLifecycleHandlers } from '../handlers/task-lifecycle.js';
import { vdiCopyHandlers } from '../handlers/vdi-copy.js';
import { vmCopyHandlers } from '../handlers/vm-copy.js';
import { vmPlacementHandlers } from '../handlers/vm-placement.js';
import { vmPowerHandlers } from '../handlers/vm-power.js';
import { vmRecordHandlers } from '../handlers/vm-records.js';
import { vmMemoryHandlers } from '../handlers/vm-memory.js';
import { vmMiscHandlers } from '../handlers/vm-misc.js';
import { vmCrashHandlers } from '../handlers/vm-crash.js';
import { vmVcpuHandlers } from '../handlers/vm-vcpus.js';
import { hostTimeHandlers } from '../handlers/host-time.js';
import { DEFAULT_SIM_OPTIONS, type SimOptions } from './options.js';

export function simHandlers(opts: Partial<SimOptions> = {}): ReadonlyMap<string, Handler> {
  const o: SimOptions = { ...DEFAULT_SIM_OPTIONS, ...opts };
  const out = new Map<string, Handler>();
  const groups = [vmPowerHandlers(), vmRecordHandlers(), vmMemoryHandlers(), vmMiscHandlers(), vmCrashHandlers(), vmVcpuHandlers(), vmPlacementHandlers(o),
    vmCopyHandlers(o), hostPlacementHandlers(o), hostTimeHandlers(), vdiCopyHandlers(o), taskCancelHandlers(), taskLifecycleHandlers()];
  for (const group of groups) {
    for (const [name, handler] of group) out.set(name, handler);
  }
  return out;
}
