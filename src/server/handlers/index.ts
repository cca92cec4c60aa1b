// The registry of custom message implementations, by wire name (`VM.start`). A handler registered for an implicit
// message replaces the generic implementation (xapi also customises e.g. VM.destroy).
import type { Model } from '../../model/types.js';
import type { Handler } from '../context.js';
import { sessionHandlers } from './session.js';
import { fieldShapedHandler, fieldShapedHandlers } from './field-shaped.js';
import { eventHandlers } from './event.js';
import { messageHandlers } from './message.js';
import { simHandlers } from '../sim/handlers.js';
import { vifIpv4Handlers, vmCloneCustomizeHandlers } from './vm-clone-customize.js';
import { vdiFileHandlers } from './vdi-file.js';
import { GUEST_DISK_HOOKS } from '../guest/hooks.js';
import { roleHandlers } from './role.js';
import { subjectHandlers } from './subject.js';
import { auditHandlers } from './audit.js';
import { vmRequirementHandlers } from './vm-requirements.js';
import { vifCreateHandlers } from './vif-create.js';
import { vbdCreateHandlers } from './vbd-create.js';

export type HandlerRegistry = ReadonlyMap<string, Handler>;

/**
 * Every built-in handler; names the model does not know (e.g. an extension under --no-extensions) are dropped.
 * Looked up per name on demand (get/has): checking every name, and finding the field-shaped messages, would build
 * every class of the lazily built model. Iterating (size, keys, ...) builds the whole table.
 */
export function builtinHandlers(model: Model, extra: readonly HandlerRegistry[] = []): HandlerRegistry {
  const groups = [sessionHandlers(), eventHandlers(), messageHandlers(), simHandlers({ disks: GUEST_DISK_HOOKS }),
    vmCloneCustomizeHandlers(), vifIpv4Handlers(), vdiFileHandlers(), roleHandlers(), subjectHandlers(), auditHandlers(), vmRequirementHandlers(), vifCreateHandlers(), vbdCreateHandlers(), ...extra];
  return new LazyRegistry(model, groups);
}

class LazyRegistry implements ReadonlyMap<string, Handler> {
  readonly #model: Model;
  /** Later groups win, as they replace earlier ones; field-shaped handlers come before them all. */
  readonly #groups: readonly HandlerRegistry[];
  readonly #found = new Map<string, Handler | undefined>();
  #all: Map<string, Handler> | undefined;

  constructor(model: Model, groups: readonly HandlerRegistry[]) {
    this.#model = model;
    this.#groups = groups;
  }

  get(name: string): Handler | undefined {
    if (this.#found.has(name)) return this.#found.get(name);
    let h: Handler | undefined;
    if (this.#model.findMessage(name) !== undefined) {
      for (let i = this.#groups.length - 1; i >= 0 && h === undefined; i--) h = this.#groups[i]?.get(name);
      h ??= fieldShapedHandler(this.#model, name);
    }
    if (this.#found.size < 10_000) this.#found.set(name, h);
    return h;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  #table(): Map<string, Handler> {
    if (this.#all === undefined) {
      const out = new Map<string, Handler>();
      for (const group of [fieldShapedHandlers(this.#model), ...this.#groups]) {
        for (const [name, handler] of group) {
          if (this.#model.findMessage(name) !== undefined) out.set(name, handler);
        }
      }
      this.#all = out;
    }
    return this.#all;
  }

  get size(): number {
    return this.#table().size;
  }

  keys(): MapIterator<string> {
    return this.#table().keys();
  }

  values(): MapIterator<Handler> {
    return this.#table().values();
  }

  entries(): MapIterator<[string, Handler]> {
    return this.#table().entries();
  }

  forEach(fn: (value: Handler, key: string, map: ReadonlyMap<string, Handler>) => void): void {
    for (const [k, v] of this.#table()) fn(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, Handler]> {
    return this.entries();
  }
}
