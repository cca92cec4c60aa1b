// The few wire names the session client itself speaks. They are looked up in the model when a client is built,
// so a typo or a datamodel change fails loudly instead of at the first call.
import type { Model } from '../model/index.js';

export const MSG = Object.freeze({
  login: 'session.login_with_password',
  logout: 'session.logout',
  eventFrom: 'event.from',
  taskGetRecord: 'task.get_record',
  taskCancel: 'task.cancel',
  taskDestroy: 'task.destroy',
});

/** Not in the datamodel: xapi's XML-RPC introspection (its reply is not enveloped). */
export const LIST_METHODS = 'system.listMethods';

/** The prefix of asynchronous twins: `Async.VM.clone` returns a task ref. */
export const ASYNC_PREFIX = 'Async.';

export const TASK_CLASS = 'task';

/** task_status_type values that mean "not finished yet". */
export const TASK_UNFINISHED: readonly string[] = Object.freeze(['pending', 'cancelling']);
export const TASK_SUCCESS = 'success';

/** Fields of task records and event-batch structs the waiter reads. */
export const FIELD = Object.freeze({
  status: 'status',
  progress: 'progress',
  result: 'result',
  errorInfo: 'error_info',
  events: 'events',
  token: 'token',
  snapshot: 'snapshot',
  operation: 'operation',
  eventRef: 'ref',
});

/** login_with_password's optional trailing arguments. */
export const LOGIN_VERSION = '1.1';
export const ORIGINATOR = 'xenctl';

export function checkNames(model: Model): void {
  for (const name of Object.values(MSG)) {
    if (model.findMessage(name) === undefined) throw new Error(`the datamodel has no ${name}: the client cannot work with it`);
  }
  const task = model.findClass(TASK_CLASS);
  for (const f of [FIELD.status, FIELD.progress, FIELD.result, FIELD.errorInfo]) {
    if (task?.fields.some((d) => d.name === f) !== true) throw new Error(`the datamodel's task class has no ${f} field`);
  }
}
