// The registry of custom message implementations, by wire name (`VM.start`). A handler registered for an implicit
// message replaces the generic implementation (xapi also customises e.g. VM.destroy).
import type { Model } from '../../model/types.js';
import type { Handler } from '../context.js';
import { sessionHandlers } from './session.js';
import { fieldShapedHandlers } from './field-shaped.js';
import { eventHandlers } from './event.js';
import { messageHandlers } from './message.js';
import { simHandlers } from '../sim/handlers.js';
import { vifIpv4Handlers, vmCloneCustomizeHandlers } from './vm-clone-customize.js';
import { vdiFileHandlers } from './vdi-file.js';
import { GUEST_DISK_HOOKS } from '../guest/hooks.js';
import { roleHandlers } from './role.js';
import { subjectHandlers } from './subject.js';
import { auditHandlers } from './audit.js';

export type HandlerRegistry = ReadonlyMap<string, Handler>;

/** Every built-in handler; names the model does not know (e.g. an extension under --no-extensions) are dropped. */
export function builtinHandlers(model: Model, extra: readonly HandlerRegistry[] = []): HandlerRegistry {
  const out = new Map<string, Handler>();
  for (const group of [fieldShapedHandlers(model), sessionHandlers(), eventHandlers(), messageHandlers(), simHandlers({ disks: GUEST_DISK_HOOKS }),
    vmCloneCustomizeHandlers(), vifIpv4Handlers(), vdiFileHandlers(), roleHandlers(), subjectHandlers(), auditHandlers(), ...extra]) {
    for (const [name, handler] of group) {
      if (model.findMessage(name) !== undefined) out.set(name, handler);
    }
  }
  return out;
}
