// The in-memory tables shared by the memory store and the disk store.
import type { XenStruct, XenValue } from '../../model/types.js';
import type { Change, ChangeOp, ObjectStore } from './types.js';

export class StoreError extends Error {
  constructor(message: string, readonly code: 'exists' | 'missing' | 'closed' | 'locked' | 'corrupt' | 'not-empty') {
    super(message);
    this.name = 'StoreError';
  }
}

/** One mutation as the disk store journals it. */
export type Mutation =
  | { readonly op: 'add'; readonly cls: string; readonly ref: string; readonly record: XenStruct }
  | { readonly op: 'mod'; readonly cls: string; readonly ref: string; readonly changes: Readonly<Record<string, XenValue>> }
  | { readonly op: 'del'; readonly cls: string; readonly ref: string };

type Listener = (change: Change) => void;

/** A class whose rows are known by count until first use (the load cache's undecoded frames). */
interface Deferred {
  readonly rows: number;
  readonly decode: () => Iterable<[string, XenStruct]>;
}

/**
 * Records are plain objects whose keys are field names (never `__proto__`). A spread copy is a fast-mode object
 * (one built by keyed stores past a dozen fields is a dictionary) and records of a class share one hidden class:
 * several times smaller and faster. Spread, not Object.assign, so no key ever reaches the prototype setter.
 */
function own(record: XenStruct): XenStruct {
  return { ...record };
}

/**
 * Records live in per-class Maps (insertion order). A stored record is never mutated: update() swaps in a new
 * object, so a record handed out by get() is a stable snapshot.
 * A class loaded deferred (loadDeferred) holds only its row count until something reads or writes it: every path to
 * a table goes through #table(), which decodes it first, so nothing ever sees it empty. count() and tables() answer
 * from the count.
 */
export class TableStore implements ObjectStore {
  #generation = 0;
  readonly #tables = new Map<string, Map<string, XenStruct>>();
  readonly #uuids = new Map<string, Map<string, string>>();
  readonly #deferred = new Map<string, Deferred>();
  readonly #listeners = new Set<Listener>();
  protected closed = false;

  get generation(): number {
    return this.#generation;
  }

  /** Called with every mutation before listeners run; the disk store journals here. */
  protected persist(_mutation: Mutation): void {}

  protected setGeneration(generation: number): void {
    this.#generation = generation;
  }

  /**
   * Rows of `cls` known by count, decoded on first use. The class keeps its place in tables() order. A decode
   * that fails (or yields another count) throws StoreError 'corrupt' from that use and every later one.
   */
  protected loadDeferred(cls: string, rows: number, decode: () => Iterable<[string, XenStruct]>): void {
    if (rows === 0) return;
    if (!this.#tables.has(cls)) this.#tables.set(cls, new Map());
    const before = this.#deferred.get(cls);
    this.#deferred.set(cls, before === undefined ? { rows, decode }
      : { rows: before.rows + rows, decode: function* () {
        yield* before.decode();
        yield* decode();
      } });
  }

  /** Decodes every deferred class now. */
  decodeAll(): void {
    for (const cls of [...this.#deferred.keys()]) this.#decode(cls);
  }

  /** The table of `cls`, a deferred one decoded first. */
  #table(cls: string): Map<string, XenStruct> | undefined {
    if (this.#deferred.size > 0 && this.#deferred.has(cls)) this.#decode(cls);
    return this.#tables.get(cls);
  }

  #decode(cls: string): void {
    const deferred = this.#deferred.get(cls);
    const table = this.#tables.get(cls);
    if (deferred === undefined || table === undefined) return;
    this.#deferred.delete(cls);
    const before = table.size;
    try {
      for (const [ref, rec] of deferred.decode()) {
        table.set(ref, rec);
        this.#indexUuid(cls, ref, undefined, rec['uuid']);
      }
      if (table.size !== before + deferred.rows) throw new Error(`${String(table.size - before)} rows decoded, ${String(deferred.rows)} expected`);
    } catch (err) {
      const failure = new StoreError(`the loaded rows of ${cls} are unreadable: ${err instanceof Error ? err.message : String(err)}`, 'corrupt');
      this.#deferred.set(cls, { rows: deferred.rows, decode: () => { throw failure; } });
      throw failure;
    }
  }

  get(cls: string, ref: string): XenStruct | undefined {
    return this.#table(cls)?.get(ref);
  }

  has(cls: string, ref: string): boolean {
    return this.#table(cls)?.has(ref) ?? false;
  }

  all(cls: string): IterableIterator<[string, XenStruct]> {
    return (this.#table(cls) ?? new Map<string, XenStruct>()).entries();
  }

  count(cls: string): number {
    return (this.#tables.get(cls)?.size ?? 0) + (this.#deferred.get(cls)?.rows ?? 0);
  }

  *tables(): IterableIterator<string> {
    for (const [name, table] of this.#tables) if (table.size > 0 || this.#deferred.has(name)) yield name;
  }

  refByUuid(cls: string, uuid: string): string | undefined {
    this.#table(cls);
    return this.#uuids.get(cls)?.get(uuid);
  }

  create(cls: string, ref: string, record: XenStruct): void {
    this.#add(cls, ref, own(record));
  }

  /** create() of a record the caller gives up: stored as it is, without a copy (seeding 10,000 VMs). */
  adopt(cls: string, ref: string, record: XenStruct): void {
    this.#add(cls, ref, record);
  }

  #add(cls: string, ref: string, stored: XenStruct): void {
    this.#checkOpen();
    let table = this.#table(cls);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(cls, table);
    }
    if (table.has(ref)) throw new StoreError(`${cls} ${ref} already exists`, 'exists');
    table.set(ref, stored);
    this.#indexUuid(cls, ref, undefined, stored['uuid']);
    this.#commit({ op: 'add', cls, ref, record: stored });
  }

  update(cls: string, ref: string, changes: Readonly<Record<string, XenValue>>): void {
    this.#checkOpen();
    const table = this.#table(cls);
    const old = table?.get(ref);
    if (table === undefined || old === undefined) throw new StoreError(`${cls} ${ref} does not exist`, 'missing');
    const next: XenStruct = { ...old, ...changes };
    table.set(ref, next);
    if ('uuid' in changes) this.#indexUuid(cls, ref, old['uuid'], next['uuid']);
    this.#commit({ op: 'mod', cls, ref, changes });
  }

  destroy(cls: string, ref: string): void {
    this.#checkOpen();
    const table = this.#table(cls);
    const old = table?.get(ref);
    if (table === undefined || old === undefined) throw new StoreError(`${cls} ${ref} does not exist`, 'missing');
    table.delete(ref);
    this.#indexUuid(cls, ref, old['uuid'], undefined);
    this.#commit({ op: 'del', cls, ref });
  }

  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  bulk<T>(fn: () => T): T {
    return fn();
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Applies a mutation without journalling or notifying (journal replay, snapshot load). */
  protected applySilently(mutation: Mutation, owned = false): void {
    const { cls, ref } = mutation;
    let table = this.#table(cls);
    if (table === undefined) {
      table = new Map();
      this.#tables.set(cls, table);
    }
    const old = table.get(ref);
    if (mutation.op === 'add') {
      const stored = owned ? mutation.record : own(mutation.record);
      table.set(ref, stored);
      this.#indexUuid(cls, ref, old?.['uuid'], stored['uuid']);
    } else if (mutation.op === 'mod') {
      if (old === undefined) return;
      const next: XenStruct = { ...old, ...mutation.changes };
      table.set(ref, next);
      this.#indexUuid(cls, ref, old['uuid'], next['uuid']);
    } else if (old !== undefined) {
      table.delete(ref);
      this.#indexUuid(cls, ref, old['uuid'], undefined);
    }
  }

  #commit(mutation: Mutation): void {
    this.#generation += 1;
    this.persist(mutation);
    const change: Change = { generation: this.#generation, cls: mutation.cls, ref: mutation.ref, op: mutation.op as ChangeOp };
    for (const listener of this.#listeners) listener(change);
  }

  #indexUuid(cls: string, ref: string, oldUuid: XenValue | undefined, newUuid: XenValue | undefined): void {
    if (oldUuid === newUuid) return;
    let index = this.#uuids.get(cls);
    if (typeof oldUuid === 'string' && index?.get(oldUuid) === ref) index.delete(oldUuid);
    if (typeof newUuid === 'string' && newUuid !== '') {
      if (index === undefined) {
        index = new Map();
        this.#uuids.set(cls, index);
      }
      index.set(newUuid, ref);
    }
  }

  #checkOpen(): void {
    if (this.closed) throw new StoreError('the store is closed', 'closed');
  }
}
