// The event log: what changed recently, fed by the store's change feed, for event.from and event.next.
//
// One entry per object (coalesced): repeated writes to an object leave one entry carrying the latest generation,
// the generation of its creation (when the log saw it) and whether it is gone. Asked "what changed since G", the
// log answers each object whose entry is newer than G; the caller reads the object's current record, so a batch
// shows the latest state: `add` when it was created after G, `del` when it is gone, else `mod` (xapi's event.from
// semantics). Entries are kept in generation order; the log is bounded, and a token older than the oldest change it
// dropped (or than its start) gets EVENTS_LOST. Message objects count as message generations (see token.ts).
import type { XenStruct } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Change, ObjectStore } from '../store/types.js';
import { formatToken } from './token.js';
import type { Token } from './token.js';
import { Waiters } from './waiters.js';
import type { Ready } from './waiters.js';

export const MESSAGE_CLASS = 'message';
const DEFAULT_MAX_ENTRIES = 100_000;

export interface LoggedChange {
  readonly gen: number;
  readonly cls: string;
  readonly ref: string;
  /** Generation of the object's creation; 0 when it happened before what the log covers. */
  readonly created: number;
  readonly deleted: boolean;
}

interface Entry extends LoggedChange {
  live: boolean;
}

/** A change as it happened, with the record right after it (undefined for del): the legacy queues keep these. */
export type ChangeListener = (change: Change, record: XenStruct | undefined) => void;

export interface EventLogOptions {
  /** Whether changes of this class are events (model classes other than session & co; never private tables). */
  readonly emits: (cls: string) => boolean;
  /** First message generation of this process (see token.ts). */
  readonly epoch: bigint;
  /** Most objects the log remembers changes of. */
  readonly maxEntries?: number;
}

export type Matcher = (cls: string, ref: string) => boolean;

export class EventLog {
  readonly waiters = new Waiters();
  readonly #store: ObjectStore;
  readonly #emits: (cls: string) => boolean;
  readonly #epoch: bigint;
  readonly #max: number;
  readonly #byKey = new Map<string, Entry>();
  readonly #listeners = new Set<ChangeListener>();
  #entries: Entry[] = [];
  #head = 0;
  #floor: number;
  #messages = 0n;
  readonly #unsubscribe: () => void;

  constructor(store: ObjectStore, opts: EventLogOptions) {
    this.#store = store;
    this.#emits = opts.emits;
    this.#epoch = opts.epoch;
    this.#max = Math.max(1, opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
    this.#floor = store.generation;
    this.#unsubscribe = store.onChange((c) => this.#record(c));
  }

  get generation(): number {
    return this.#store.generation;
  }

  get messageGeneration(): bigint {
    return this.#epoch + this.#messages;
  }

  /** The oldest DB generation a token may carry. */
  get floor(): number {
    return this.#floor;
  }

  get size(): number {
    return this.#byKey.size;
  }

  emits(cls: string): boolean {
    return this.#emits(cls);
  }

  token(): string {
    return formatToken(this.generation, this.messageGeneration);
  }

  /** The DB generation of a token this log can answer from, else EVENTS_LOST. */
  resume(token: Token): number {
    const lost = token.msg < this.#epoch || token.msg > this.messageGeneration
      || token.db < BigInt(this.#floor) || token.db > BigInt(this.generation);
    if (lost) throw new XenApiError(ERR.EVENTS_LOST, []);
    return Number(token.db);
  }

  /** Objects changed after generation `since` that `match` accepts, oldest change first. */
  since(since: number, match: Matcher): LoggedChange[] {
    const out: LoggedChange[] = [];
    for (let i = this.#firstAfter(since); i < this.#entries.length; i++) {
      const e = this.#entries[i];
      if (e !== undefined && e.live && match(e.cls, e.ref)) out.push(e);
    }
    return out;
  }

  /** Whether any object `match` accepts changed after `since`. */
  hasSince(since: number, match: Matcher): boolean {
    for (let i = this.#firstAfter(since); i < this.#entries.length; i++) {
      const e = this.#entries[i];
      if (e !== undefined && e.live && match(e.cls, e.ref)) return true;
    }
    return false;
  }

  wait(ready: Ready, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(ready, timeoutMs, signal);
  }

  /** Every event-producing change as it happens (the legacy event.next queues). */
  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Stops following the store and releases every blocked caller (they answer at once). */
  close(): void {
    this.#unsubscribe();
    this.waiters.close();
  }

  #record(c: Change): void {
    if (!this.#emits(c.cls)) return;
    if (c.cls === MESSAGE_CLASS) this.#messages += 1n;
    const key = `${c.cls}\u0000${c.ref}`;
    const old = this.#byKey.get(key);
    if (old !== undefined) old.live = false;
    const created = c.op === 'add' ? c.generation : (old?.created ?? 0);
    const entry: Entry = { gen: c.generation, cls: c.cls, ref: c.ref, created, deleted: c.op === 'del', live: true };
    this.#byKey.set(key, entry);
    this.#entries.push(entry);
    this.#trim();
    if (this.#listeners.size > 0) {
      const record = c.op === 'del' ? undefined : this.#store.get(c.cls, c.ref);
      for (const l of this.#listeners) l(c, record);
    }
    this.waiters.schedule();
  }

  /** Drops the oldest objects beyond the bound (raising the floor) and compacts superseded entries. */
  #trim(): void {
    while (this.#byKey.size > this.#max && this.#head < this.#entries.length) {
      const e = this.#entries[this.#head++];
      if (e === undefined || !e.live) continue;
      e.live = false;
      this.#byKey.delete(`${e.cls}\u0000${e.ref}`);
      this.#floor = Math.max(this.#floor, e.gen);
    }
    const held = this.#entries.length - this.#head;
    if (held > 1024 && held > 2 * this.#byKey.size) {
      this.#entries = this.#entries.slice(this.#head).filter((e) => e.live);
      this.#head = 0;
    }
  }

  /** Index of the first entry with a generation above `gen` (entries are in generation order). */
  #firstAfter(gen: number): number {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#entries[mid]?.gen ?? Infinity) > gen) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
