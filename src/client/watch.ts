// A listener on event.from that loses no change: it keeps the token it has reached, retries with backoff after a
// lost connection or a server restart (the client logs in again on SESSION_INVALID), and when the server answers
// EVENTS_LOST it takes a fresh snapshot and compares it with the records it knew, emitting the differences as
// synthetic add/mod/del events. Cancelled by an AbortSignal.
import { ERR, XenApiError, type Model, type XenStruct, type XenValue } from '../model/index.js';
import { TransportError } from '../transport/errors.js';
import { isStruct } from '../model/values.js';
import { toTyped } from '../wire/typed.js';
import { FIELD, MSG } from './names.js';

export type EventOperation = 'add' | 'mod' | 'del';

export interface WatchEvent {
  /** Lower-case class name as event.from writes it (`vm`, `message`). */
  readonly cls: string;
  readonly operation: EventOperation;
  readonly ref: string;
  /** The object's record, typed by its class; absent for `del`. */
  readonly snapshot?: XenStruct;
  /** The record the listener knew before this event (absent for a new object). */
  readonly previous?: XenStruct;
  /**
   * The token to resume from without missing a later event: the batch's token for its last event, else the one
   * before the batch (so a resume replays the rest of the batch: at least once, never lost).
   */
  readonly token: string;
  /** Made by a resync after EVENTS_LOST rather than reported by the server. */
  readonly resync?: boolean;
  /** For a `mod` whose previous record is known: the fields that differ. */
  readonly changed?: readonly string[];
}

/** What the listener needs from a connection (XenClient and the CLI's Caller fit). */
export interface EventCaller {
  call(method: string, args: readonly XenValue[], opts?: { readonly signal?: AbortSignal }): Promise<XenValue>;
}

export interface WatchOptions {
  readonly caller: EventCaller;
  readonly model: Model;
  /** event.from subscriptions: `*`, a class (`vm`), or `class/ref`. */
  readonly classes: readonly string[];
  /** Resume after this token; absent: from now. */
  readonly since?: string;
  /** Report the objects that exist at the start as `add` events (a `wait` checks the current state first). */
  readonly initial?: boolean;
  readonly signal?: AbortSignal;
  /** event.from's timeout per call, seconds (default 30); a function lets a deadline shorten it. */
  readonly pollSeconds?: number | (() => number);
  /** Reconnection delays: the first, doubled up to the max (default 250 ms .. 2 s). */
  readonly backoffMs?: { readonly first: number; readonly max: number };
  /** Lost connections, resyncs: one sentence each. */
  readonly onNote?: (text: string) => void;
  /** Called once the starting snapshot is taken: changes from then on are reported. */
  readonly onReady?: (token: string) => void;
}

const DEFAULT_POLL_S = 30;
const DEFAULT_BACKOFF = { first: 250, max: 2000 };

/** Deep equality of two wire values (records compared member by member). */
export function sameValue(a: XenValue | undefined, b: XenValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  if (typeof a === 'bigint' || typeof b === 'bigint' || typeof a === 'number' || typeof b === 'number') {
    return (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number') && BigInt(a) === BigInt(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const bs = b as readonly XenValue[];
    return (a as readonly XenValue[]).every((x, i) => sameValue(x, bs[i]));
  }
  if (!isStruct(a) || !isStruct(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => sameValue(a[k], b[k]));
}

/** The fields whose values differ between two records. */
export function changedFields(before: XenStruct | undefined, after: XenStruct | undefined): string[] {
  if (before === undefined || after === undefined) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !sameValue(before[k], after[k]));
}

function isLost(err: unknown): boolean {
  return err instanceof XenApiError && err.code === ERR.EVENTS_LOST;
}

/** Failures worth waiting out: the server went away or is restarting. */
function isTransient(err: unknown): boolean {
  return err instanceof TransportError && err.code !== 'UNSUPPORTED';
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

interface RawEvent {
  readonly cls: string;
  readonly operation: EventOperation;
  readonly ref: string;
  readonly snapshot?: XenStruct;
}

interface Batch {
  readonly events: readonly RawEvent[];
  readonly token: string;
}

const keyOf = (cls: string, ref: string): string => `${cls}/${ref}`;

export class EventListener {
  readonly #opts: WatchOptions;
  #token: string | undefined;
  /** class/ref → the last record seen: the baseline a resync is compared with. */
  readonly #known = new Map<string, { cls: string; ref: string; record: XenStruct }>();

  constructor(opts: WatchOptions) {
    this.#opts = opts;
    this.#token = opts.since;
  }

  /** The token to resume from after the events consumed so far (see WatchEvent.token); undefined before the start. */
  get token(): string | undefined {
    return this.#token;
  }

  /** The last record seen of an object. */
  record(cls: string, ref: string): XenStruct | undefined {
    return this.#known.get(keyOf(cls.toLowerCase(), ref))?.record;
  }

  #typedSnapshot(cls: string, raw: XenValue | undefined): XenStruct | undefined {
    if (!isStruct(raw)) return undefined;
    if (this.#opts.model.findClass(cls) === undefined) return raw;
    const typed = toTyped(this.#opts.model, { kind: 'record', cls }, raw, `${MSG.eventFrom} ${cls} snapshot`);
    return isStruct(typed) ? typed : raw;
  }

  #readBatch(raw: XenValue): Batch {
    const target = MSG.eventFrom;
    if (!isStruct(raw)) throw new TransportError('PROTOCOL', target, `${target} did not return a struct`);
    const token = raw[FIELD.token];
    const events = raw[FIELD.events];
    if (typeof token !== 'string' || !Array.isArray(events)) throw new TransportError('PROTOCOL', target, `${target} returned a malformed batch`);
    const out: RawEvent[] = [];
    for (const ev of events as readonly XenValue[]) {
      if (!isStruct(ev)) continue;
      const cls = String(ev['class'] ?? '').toLowerCase();
      const op = String(ev[FIELD.operation] ?? '').toLowerCase();
      const ref = ev[FIELD.eventRef];
      if (typeof ref !== 'string' || (op !== 'add' && op !== 'mod' && op !== 'del')) continue;
      const snapshot = op === 'del' ? undefined : this.#typedSnapshot(cls, ev[FIELD.snapshot]);
      out.push({ cls, operation: op, ref, ...(snapshot === undefined ? {} : { snapshot }) });
    }
    return { events: out, token };
  }

  /** One event.from call, retried with backoff while the server cannot be reached. */
  async #from(token: string, timeout: number): Promise<Batch | undefined> {
    const { signal } = this.#opts;
    const backoff = this.#opts.backoffMs ?? DEFAULT_BACKOFF;
    let delay = backoff.first;
    let failing = false;
    const stopped = (): boolean => signal?.aborted === true;
    for (;;) {
      if (stopped()) return undefined;
      let raw: XenValue;
      try {
        raw = await this.#opts.caller.call(MSG.eventFrom, [[...this.#opts.classes], token, timeout], signal === undefined ? {} : { signal });
      } catch (err) {
        if (stopped()) return undefined;
        if (!isTransient(err)) {
          if (failing) this.#opts.onNote?.('connected again');
          throw err;
        }
        if (!failing) this.#opts.onNote?.(`${err instanceof Error ? err.message : String(err)}; reconnecting`);
        failing = true;
        await sleep(delay, signal);
        delay = Math.min(delay * 2, backoff.max);
        continue;
      }
      if (failing) this.#opts.onNote?.('connected again');
      // Outside the retry: a malformed answer is not a lost connection.
      return this.#readBatch(raw);
    }
  }

  #remember(ev: RawEvent): XenStruct | undefined {
    const key = keyOf(ev.cls, ev.ref);
    const previous = this.#known.get(key)?.record;
    if (ev.snapshot === undefined) this.#known.delete(key);
    else this.#known.set(key, { cls: ev.cls, ref: ev.ref, record: ev.snapshot });
    return previous;
  }

  #event(ev: RawEvent, previous: XenStruct | undefined, resync: boolean): Omit<WatchEvent, 'token'> {
    const changed = ev.operation === 'mod' && previous !== undefined ? changedFields(previous, ev.snapshot) : undefined;
    return {
      ...ev,
      ...(previous === undefined ? {} : { previous }),
      ...(resync ? { resync: true } : {}),
      ...(changed === undefined ? {} : { changed }),
    };
  }

  /** Yields a batch's events with their resume tokens, keeping `token` at what has been consumed. */
  *#deliver(events: ReadonlyArray<Omit<WatchEvent, 'token'>>, before: string, after: string): Generator<WatchEvent> {
    for (let i = 0; i < events.length; i++) {
      const ev = events[i];
      if (ev === undefined) continue;
      const token = i === events.length - 1 ? after : before;
      this.#token = token;
      yield { ...ev, token };
    }
    this.#token = after;
  }

  /** Differences between what was known and a fresh snapshot, as events; the snapshot becomes the baseline. */
  #resync(batch: Batch, everything: boolean): Array<Omit<WatchEvent, 'token'>> {
    const out: Array<Omit<WatchEvent, 'token'>> = [];
    const seen = new Set<string>();
    for (const ev of batch.events) {
      const key = keyOf(ev.cls, ev.ref);
      seen.add(key);
      const before = this.#known.get(key)?.record;
      const previous = this.#remember(ev);
      if (before === undefined) out.push(this.#event({ ...ev, operation: 'add' }, undefined, true));
      else if (everything || !sameValue(before, ev.snapshot)) out.push(this.#event({ ...ev, operation: 'mod' }, previous, true));
    }
    for (const [key, gone] of [...this.#known]) {
      if (seen.has(key)) continue;
      this.#known.delete(key);
      out.push(this.#event({ cls: gone.cls, operation: 'del', ref: gone.ref }, gone.record, true));
    }
    return out;
  }

  #poll(): number {
    const p = this.#opts.pollSeconds;
    return typeof p === 'function' ? p() : p ?? DEFAULT_POLL_S;
  }

  /** The events, in order, until the signal aborts. */
  async *events(): AsyncGenerator<WatchEvent> {
    const initial = await this.#from('', 0);
    if (initial === undefined) return;
    for (const ev of initial.events) this.#remember(ev);
    if (this.#opts.initial === true) {
      yield* this.#deliver(initial.events.map((ev) => this.#event(ev, undefined, false)), initial.token, initial.token);
    }
    // Resuming from a given token: its changes come first; if the server no longer has them, every object's
    // current record is reported (deletions in between cannot be known).
    const since = this.#opts.since;
    let token = since ?? initial.token;
    let firstResume = since !== undefined;
    this.#token = token;
    this.#opts.onReady?.(token);
    for (;;) {
      let batch: Batch | undefined;
      try {
        batch = await this.#from(token, this.#poll());
      } catch (err) {
        if (!isLost(err)) throw err;
        this.#opts.onNote?.(`the server no longer has the events since the token (${ERR.EVENTS_LOST}): resynchronising`);
        const fresh = await this.#from('', 0);
        if (fresh === undefined) return;
        const diff = this.#resync(fresh, firstResume);
        firstResume = false;
        // Stopping part-way, the lost token is the safe one: resuming from it resyncs again.
        yield* this.#deliver(diff, token, fresh.token);
        token = fresh.token;
        continue;
      }
      if (batch === undefined) return;
      firstResume = false;
      const events = batch.events.map((ev) => this.#event(ev, this.#remember(ev), false));
      yield* this.#deliver(events, token, batch.token);
      token = batch.token;
    }
  }
}
