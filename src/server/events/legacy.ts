// The legacy event API: event.register / unregister / next. Each registered session has a bounded queue of the
// changes its subscription wants, in order and not coalesced, each with the record as it was right after the
// change. A queue that overflows is dropped and its next event.next answers EVENTS_LOST (the client re-registers).
import type { Model, XenStruct } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Change, ChangeOp, ObjectStore } from '../store/types.js';
import type { EventLog, Matcher } from './log.js';
import type { Subscription } from './subscription.js';
import { isEmptySubscription, joinSubscriptions, matcherOf, parseSubscription, removeSubscriptions } from './subscription.js';

const SESSION_CLASS = 'session';
const DEFAULT_MAX_QUEUE = 10_000;

export interface QueuedEvent {
  readonly gen: number;
  readonly cls: string;
  readonly ref: string;
  readonly op: ChangeOp;
  /** The record right after the change; undefined for del. */
  readonly record: XenStruct | undefined;
  /** When it happened, ms since the epoch. */
  readonly at: number;
}

interface Registration {
  sub: Subscription;
  match: Matcher;
  queue: QueuedEvent[];
  lost: boolean;
}

export interface LegacyOptions {
  readonly maxQueue?: number;
  readonly now: () => number;
}

export class LegacyEvents {
  readonly #model: Model;
  readonly #log: EventLog;
  readonly #store: ObjectStore;
  readonly #max: number;
  readonly #now: () => number;
  readonly #sessions = new Map<string, Registration>();
  readonly #stop: (() => void)[] = [];

  constructor(model: Model, store: ObjectStore, log: EventLog, opts: LegacyOptions) {
    this.#model = model;
    this.#log = log;
    this.#store = store;
    this.#max = Math.max(1, opts.maxQueue ?? DEFAULT_MAX_QUEUE);
    this.#now = opts.now;
    this.#stop.push(log.onChange((c, record) => this.#enqueue(c, record)));
    // A session that goes away (logout, expiry) takes its registration with it.
    this.#stop.push(store.onChange((c) => {
      if (c.cls === SESSION_CLASS && c.op === 'del') this.#sessions.delete(c.ref);
    }));
  }

  register(session: string, classes: readonly string[]): void {
    const sub = parseSubscription(this.#model, classes);
    const reg = this.#sessions.get(session);
    if (reg === undefined) {
      this.#sessions.set(session, { sub, match: matcherOf(sub, lower), queue: [], lost: false });
    } else {
      reg.sub = joinSubscriptions(reg.sub, sub);
      reg.match = matcherOf(reg.sub, lower);
    }
  }

  unregister(session: string, classes: readonly string[]): void {
    const reg = this.#sessions.get(session);
    if (reg === undefined) return;
    reg.sub = removeSubscriptions(reg.sub, parseSubscription(this.#model, classes));
    reg.match = matcherOf(reg.sub, lower);
    if (isEmptySubscription(reg.sub)) this.#sessions.delete(session);
  }

  /** The queued events of a registered session, waiting (up to timeoutMs) while there are none. */
  async next(session: string, timeoutMs: number, signal?: AbortSignal): Promise<readonly QueuedEvent[]> {
    const ready = (): boolean => {
      const reg = this.#sessions.get(session);
      return reg === undefined || reg.lost || reg.queue.length > 0;
    };
    if (!this.#sessions.has(session)) throw new XenApiError(ERR.SESSION_NOT_REGISTERED, [session]);
    await this.#log.wait(ready, timeoutMs, signal);
    const reg = this.#sessions.get(session);
    // The session was destroyed (logout, expiry) while this call waited: xapi answers SESSION_INVALID.
    if (reg === undefined && !this.#store.has(SESSION_CLASS, session)) throw new XenApiError(ERR.SESSION_INVALID, [session]);
    if (reg === undefined) throw new XenApiError(ERR.SESSION_NOT_REGISTERED, [session]);
    if (reg.lost) {
      this.#sessions.delete(session);
      throw new XenApiError(ERR.EVENTS_LOST, []);
    }
    const out = reg.queue;
    reg.queue = [];
    return out;
  }

  isRegistered(session: string): boolean {
    return this.#sessions.has(session);
  }

  close(): void {
    for (const stop of this.#stop) stop();
  }

  #enqueue(c: Change, record: XenStruct | undefined): void {
    for (const reg of this.#sessions.values()) {
      if (reg.lost || !reg.match(c.cls, c.ref)) continue;
      if (reg.queue.length >= this.#max) {
        reg.lost = true;
        reg.queue = [];
        continue;
      }
      reg.queue.push({ gen: c.generation, cls: c.cls, ref: c.ref, op: c.op, record, at: this.#now() });
    }
  }
}

function lower(cls: string): string {
  return cls.toLowerCase();
}
