// Start-up recovery. A server that died (kill -9, power loss) while Async calls ran leaves their tasks `pending`
// forever and the operations they held in objects' current_operations, which blocks every later operation on those
// objects (OTHER_OPERATION_IN_PROGRESS). As xapi does when it restarts, such tasks are failed and released.
import { ERR } from '../../model/error-codes.js';
import type { XenValue } from '../../model/types.js';

import type { ServerContext } from '../context.js';
import { CLASSES, TASK_FIELDS as F, TASK_STATUS } from '../wire-names.js';
import { allowedOps, VM } from './vm-ops.js';
import { isStruct } from '../../model/values.js';

const CURRENT_OPERATIONS = 'current_operations';
/** task_status_type values of a task still running. */
const RUNNING = new Set<XenValue>([TASK_STATUS.pending, 'cancelling']);

/** Fails every task still running in a state that has just been opened; returns how many there were. */
export function failOrphanedTasks(server: Pick<ServerContext, 'store' | 'model' | 'clock'>): number {
  const { store, model } = server;
  const orphans = [...store.all(CLASSES.task)].filter(([, task]) => RUNNING.has(task[F.status] ?? '')).map(([ref]) => ref);
  if (orphans.length === 0) return 0;
  const stale = new Set(orphans);
  const why = [ERR.INTERNAL_ERROR, 'the server stopped while this task ran'];
  const run = (): void => {
    const now = server.clock.now();
    for (const ref of orphans) {
      store.update(CLASSES.task, ref, {
        [F.status]: TASK_STATUS.failure, [F.errorInfo]: [...why], [F.progress]: 1, [F.finished]: now, [F.allowedOperations]: [],
      });
    }
    for (const cls of [...store.tables()]) {
      if (model.findField(cls, CURRENT_OPERATIONS) === undefined) continue;
      for (const [ref, rec] of [...store.all(cls)]) {
        const ops = rec[CURRENT_OPERATIONS];
        if (!isStruct(ops) || !Object.keys(ops).some((task) => stale.has(task))) continue;
        store.update(cls, ref, { [CURRENT_OPERATIONS]: Object.fromEntries(Object.entries(ops).filter(([task]) => !stale.has(task))) });
        const updated = store.get(cls, ref);
        if (cls === VM && updated !== undefined) store.update(VM, ref, { allowed_operations: allowedOps(server, updated) });
      }
    }
  };
  if (store.bulk !== undefined) store.bulk(run);
  else run();
  return orphans.length;
}
