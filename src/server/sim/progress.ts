// Long operations take observable time when they run as an Async task: a few steps, each updating task.progress
// and honouring task.cancel (TASK_CANCELLED [task]). Synchronous calls run at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext } from '../context.js';
import { callTask } from '../tasks.js';
import type { SimOptions } from './options.js';

export type { SimOptions } from './options.js';


const TASK = 'task';
export const CANCELLING = 'cancelling';

/** Throws TASK_CANCELLED when the call's task was asked to cancel. */
export function checkCancelled(call: CallContext): void {
  const task = callTask(call);
  if (task === undefined) return;
  if (call.server.store.get(TASK, task)?.['status'] === CANCELLING) throw new XenApiError(ERR.TASK_CANCELLED, [task]);
}

/**
 * Waits through `weight` x steps (weight scales e.g. with disk size), moving the task's progress from `from` to `to`.
 * Throws TASK_CANCELLED between steps; the caller rolls back.
 */
export async function runSteps(call: CallContext, opts: SimOptions, from = 0, to = 0.95, weight = 1): Promise<void> {
  const task = callTask(call);
  if (task === undefined) return;
  const steps = Math.max(1, Math.round(opts.steps * weight));
  for (let i = 1; i <= steps; i += 1) {
    if (opts.stepMs > 0) await sleep(opts.stepMs);
    else await new Promise<void>((resolve) => setImmediate(resolve));
    checkCancelled(call);
    if (!call.server.store.has(TASK, task)) return;
    const progress = Math.round((from + ((to - from) * i) / steps) * 1000) / 1000;
    call.server.store.update(TASK, task, { progress });
  }
}
