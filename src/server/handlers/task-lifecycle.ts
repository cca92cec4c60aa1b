// task.create (a task a client owns, for its own progress reports) and task.destroy (clients destroy finished
// tasks). The Async machinery in tasks.ts makes the tasks of Async calls.
import type { Handler } from '../context.js';
import { newRef } from '../store/records.js';
import { masterHost } from '../sessions.js';
import { createLinked, destroyLinked, record } from '../sim/links.js';
import { str } from '../sim/values.js';

const TASK = 'task';

export function taskLifecycleHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  h.set('task.create', (call, [label, description]) => {
    const ref = newRef();
    createLinked(call.server, TASK, ref, {
      name_label: str(label), name_description: str(description), status: 'pending', progress: 0,
      created: call.server.clock.now(), resident_on: masterHost(call.server), allowed_operations: ['cancel'],
    });
    return ref;
  });
  h.set('task.destroy', (call, [task]) => {
    record(call.server, TASK, str(task));
    destroyLinked(call.server, TASK, str(task));
    return '';
  });
  return h;
}
