// Async.<Class>.<message>: the call runs in the background and a task object records its outcome as xapi does
// (result = the XML-RPC <value> fragment of the result, even for JSON-RPC callers; error_info = [CODE, params...]).
import type { XenType, XenValue } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { makeRecord, newRef } from './store/records.js';
import type { CallContext } from './context.js';
import { masterHost } from './sessions.js';
import { CLASSES, COMMON_FIELDS, TASK_CANCEL, TASK_FIELDS, TASK_STATUS } from './wire-names.js';

const TASK = CLASSES.task;
const F = TASK_FIELDS;

/** The task ref of an Async call, or undefined for a synchronous one. */
export function callTask(call: CallContext): string | undefined {
  return call.task;
}

/** Encodes one value as an XML-RPC `<value>...</value>` fragment, as xapi writes it. */
export type ValueEncoder = (value: XenValue) => string;

export interface AsyncRun {
  readonly taskRef: string;
  /** Settles (never rejects) once the task record holds the outcome and it is durable. */
  readonly done: Promise<void>;
}

export function startTask(
  call: CallContext,
  /** The work, given the call with its task set (long operations report progress and notice task.cancel on it). */
  run: (taskCall: CallContext) => Promise<XenValue>,
  toErrorArray: (e: unknown) => readonly string[],
  encodeValue: ValueEncoder,
): AsyncRun {
  const { server, msg } = call;
  const taskRef = newRef();
  const record = makeRecord(server.model, TASK, {
    [COMMON_FIELDS.nameLabel]: `Async.${msg.cls}.${msg.name}`,
    [F.status]: TASK_STATUS.pending,
    [F.progress]: 0,
    [F.created]: server.clock.now(),
    [F.residentOn]: masterHost(server),
    [F.allowedOperations]: [TASK_CANCEL],
  });
  server.store.create(TASK, taskRef, record);
  const taskCall: CallContext = { ...call, task: taskRef };
  const finish = (changes: Record<string, XenValue>): void => {
    if (!server.store.has(TASK, taskRef)) return;
    server.store.update(TASK, taskRef, { ...changes, [F.progress]: 1, [F.finished]: server.clock.now(), [F.allowedOperations]: [] });
  };
  const done = (async (): Promise<void> => {
    // Let the caller get the task ref before the work starts, as with xapi.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      const value = await run(taskCall);
      finish({ [F.status]: TASK_STATUS.success, [F.result]: encodeValue(value), [F.type]: resultClass(msg.result) });
    } catch (e) {
      const cancelled = e instanceof XenApiError && e.code === ERR.TASK_CANCELLED;
      finish({ [F.status]: cancelled ? TASK_STATUS.cancelled : TASK_STATUS.failure, [F.errorInfo]: [...toErrorArray(e)] });
    }
    await server.store.sync();
  })().catch(() => undefined);
  return { taskRef, done };
}

/** The task's `type`: the class of a ref result, as xapi fills it. */
function resultClass(t: XenType): string {
  return t.kind === 'ref' ? t.cls : '';
}
