// Async.<Class>.<message>: the call runs in the background and a task object records its outcome as xapi does
// (result = the XML-RPC <value> fragment of the result, even for JSON-RPC callers; error_info = [CODE, params...]).
import type { XenType, XenValue } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { makeRecord, newRef } from './store/records.js';
import type { CallContext } from './context.js';
import { masterHost } from './sessions.js';
import { syncRecordRelations } from './relations.js';
import { CLASSES, COMMON_FIELDS, TASK_CANCEL, TASK_FIELDS, TASK_STATUS } from './wire-names.js';

const TASK = CLASSES.task;
const F = TASK_FIELDS;
/** task_status_type of a task asked to cancel that has not stopped yet. */
const CANCELLING = 'cancelling';

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

/** How long a finished task is kept before it is collected (xapi collects completed tasks after about 65 minutes). */
export const FINISHED_TASK_TTL_MS = 65 * 60 * 1000;

/**
 * Removes the tasks that finished more than FINISHED_TASK_TTL_MS ago, as xapi's task GC does (clients that forget
 * task.destroy would otherwise pile them up). Run as each new Async task starts; returns how many went.
 */
export function collectFinishedTasks(server: CallContext['server']): number {
  const cutoff = server.clock.now().getTime() - FINISHED_TASK_TTL_MS;
  const old: string[] = [];
  for (const [ref, task] of server.store.all(TASK)) {
    const finished = task[F.finished];
    const done = task[F.status] !== TASK_STATUS.pending && task[F.status] !== CANCELLING;
    if (done && finished instanceof Date && finished.getTime() > 0 && finished.getTime() < cutoff) old.push(ref);
  }
  for (const ref of old) {
    const rec = server.store.get(TASK, ref);
    if (rec === undefined) continue;
    syncRecordRelations(server.store, server.relations, TASK, ref, rec, 'destroy');
    server.store.destroy(TASK, ref);
  }
  return old.length;
}

export function startTask(
  call: CallContext,
  /** The work, given the call with its task set (long operations report progress and notice task.cancel on it). */
  run: (taskCall: CallContext) => Promise<XenValue>,
  toErrorArray: (e: unknown) => readonly string[],
  encodeValue: ValueEncoder,
): AsyncRun {
  const { server, msg } = call;
  collectFinishedTasks(server);
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
