// Moving a live VM to another host of the pool (VM.pool_migrate, VM.migrate, host.evacuate): the destination's
// memory is reserved while the move runs (scheduled_to_be_resident_on), then the residence moves. A cancelled or
// failed move releases the reservation and leaves the VM where it was.
import { NULL_REF } from '../../model/values.js';
import type { CallContext } from '../context.js';
import { refreshHostCapabilities } from './capabilities.js';
import { moveResidence } from './power.js';
import { runSteps, type SimOptions } from './progress.js';

export async function moveVm(
  call: CallContext, opts: SimOptions, vmRef: string, dest: string, from = 0, to = 0.95,
): Promise<void> {
  const { server } = call;
  server.store.update('VM', vmRef, { scheduled_to_be_resident_on: dest });
  refreshHostCapabilities(server, dest);
  try {
    await runSteps(call, opts, from, to);
  } catch (e) {
    if (server.store.has('VM', vmRef)) server.store.update('VM', vmRef, { scheduled_to_be_resident_on: NULL_REF });
    refreshHostCapabilities(server, dest);
    throw e;
  }
  moveResidence(server, vmRef, dest);
}
