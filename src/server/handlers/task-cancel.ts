// task.cancel: a pending task moves to `cancelling`; the operation it runs notices at its next progress step,
// undoes its work and the task ends `cancelled` with TASK_CANCELLED [task].
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { record } from '../sim/links.js';
import { CANCELLING } from '../sim/progress.js';
import { str, strList } from '../sim/values.js';

const TASK = 'task';

export function taskCancelHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('task.cancel', (call, [task]) => {
    const ref = str(task);
    const rec = record(call.server, TASK, ref);
    const status = str(rec['status']);
    if (status === CANCELLING) return '';
    if (status !== 'pending' || !strList(rec['allowed_operations']).includes('cancel')) {
      throw new XenApiError(ERR.OPERATION_NOT_ALLOWED, [`task ${ref} is ${status} and cannot be cancelled`]);
    }
    call.server.store.update(TASK, ref, { status: CANCELLING });
    return '';
  });
  return h;
}
