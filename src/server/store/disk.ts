// The durable store: tables in memory, every mutation journalled, snapshots in state.db format.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordCodec } from './codec.js';
import { decodeClass, writeCache, type CachedClass } from './cache.js';
import { DbWriter } from './dbxml.js';
import type { Journal } from './journal.js';
import type { DirLock } from './lock.js';
import type { XenStruct } from '../../model/types.js';
import { TableStore, type Mutation } from './table-store.js';

export const SNAPSHOT_FILE = 'state.db';
export const JOURNAL_FILE = 'journal';

/** A journal record as stored: generation, op, class, ref, fields as db strings, type codes of private fields. */
export interface JournalRecord {
  readonly g: number;
  readonly o: Mutation['op'];
  readonly c: string;
  readonly r: string;
  readonly f?: Record<string, string>;
  readonly t?: Record<string, string>;
}

export interface DiskStoreParts {
  readonly dir: string;
  readonly codec: RecordCodec;
  readonly journal: Journal;
  readonly lock: DirLock;
  /** Journal size past which the store writes a new snapshot; default 64 MiB. */
  readonly compactBytes?: number;
  readonly fresh: boolean;
  /** modelFingerprint() of the model, stamped on the load cache. */
  readonly fingerprint: string;
  /** Classes kept in memory only: never journalled nor written to a snapshot (see OpenStoreOptions.ephemeral). */
  readonly ephemeral?: ReadonlySet<string>;
}

export class DiskStore extends TableStore {
  readonly dir: string;
  /** true when the directory held no state before this open (the caller seeds it). */
  readonly fresh: boolean;
  readonly #codec: RecordCodec;
  readonly #journal: Journal;
  readonly #lock: DirLock;
  readonly #compactBytes: number;
  readonly #fingerprint: string;
  readonly #ephemeral: ReadonlySet<string>;
  #compacting: Promise<void> | undefined;
  #bulkDepth = 0;
  #bulkChanged = false;
  /** The snapshot that makes the last bulk() durable; sync() waits for it. */
  #bulkSaved: Promise<void> | undefined;

  constructor(parts: DiskStoreParts) {
    super();
    this.dir = parts.dir;
    this.fresh = parts.fresh;
    this.#codec = parts.codec;
    this.#journal = parts.journal;
    this.#lock = parts.lock;
    this.#compactBytes = parts.compactBytes ?? 64 * 1024 * 1024;
    this.#fingerprint = parts.fingerprint;
    this.#ephemeral = parts.ephemeral ?? new Set();
  }

  /** Loading: applies a mutation from the snapshot or the journal without journalling it again. */
  load(mutation: Mutation): void {
    this.applySilently(mutation);
  }

  /** load() of a new record nobody else holds (no defensive copy). */
  loadOwned(cls: string, ref: string, record: XenStruct): void {
    this.applySilently({ op: 'add', cls, ref, record }, true);
  }

  /** Rows from the load cache, decoded on first use of their class. */
  loadCached(cached: CachedClass): void {
    this.loadDeferred(cached.cls, cached.rows, () => decodeClass(cached));
  }

  /**
   * Writes the load cache of the state.db just loaded, when it had none that matched (none yet, another format or
   * model): the next open then reads the cache. Only while the store holds exactly what state.db holds.
   */
  writeLoadCache(): void {
    const classes = [...this.tables()].filter((cls) => !this.#ephemeral.has(cls));
    for (const cls of classes) for (const [, rec] of this.all(cls)) this.#codec.noteRecord(cls, rec);
    const tables = classes.map((cls): [string, Iterable<[string, XenStruct]>] => [cls, this.all(cls)]);
    writeCache(this.dir, join(this.dir, SNAPSHOT_FILE), this.#fingerprint,
      { generation: this.generation, types: this.#codec.manifestTypes(), tables });
  }

  setLoadedGeneration(generation: number): void {
    this.setGeneration(generation);
  }

  get journalBytes(): number {
    return this.#journal.size;
  }

  /** Journal fsyncs since open. */
  get journalFsyncs(): number {
    return this.#journal.fsyncs;
  }

  /** Mutations inside fn are not journalled; one snapshot afterwards covers them all. */
  override bulk<T>(fn: () => T): T {
    this.#bulkDepth += 1;
    try {
      return fn();
    } finally {
      this.#bulkDepth -= 1;
      if (this.#bulkDepth === 0 && this.#bulkChanged) {
        this.#bulkChanged = false;
        const saved = this.compact();
        saved.catch(() => undefined);
        this.#bulkSaved = saved;
      }
    }
  }

  protected override persist(m: Mutation): void {
    if (this.#ephemeral.has(m.cls)) return;
    if (this.#bulkDepth > 0) {
      this.#bulkChanged = true;
      return;
    }
    const head = { g: this.generation, o: m.op, c: m.cls, r: m.ref };
    const body = m.op === 'add' ? this.#codec.encodeFields(m.cls, m.record)
      : m.op === 'mod' ? this.#codec.encodeFields(m.cls, m.changes) : {};
    this.#journal.append(JSON.stringify({ ...head, ...body }));
    if (this.#journal.size > this.#compactBytes && this.#compacting === undefined) {
      // A failed compaction loses nothing (the journal still holds every record): it is retried later.
      this.#compacting = this.compact().catch(() => undefined).finally(() => {
        this.#compacting = undefined;
      });
    }
  }

  override async sync(): Promise<void> {
    const saved = this.#bulkSaved;
    if (saved !== undefined) {
      await saved;
      if (this.#bulkSaved === saved) this.#bulkSaved = undefined;
    }
    return this.#journal.sync();
  }

  /** Writes a snapshot of the current state and empties the journal. */
  compact(): Promise<void> {
    return this.#journal.resetAfter(() => writeSnapshot(this, this.#codec, this.dir, this.#fingerprint, this.#ephemeral));
  }

  /** Synchronous compaction while nothing was journalled yet (start-up). */
  compactNow(): void {
    writeSnapshot(this, this.#codec, this.dir, this.#fingerprint, this.#ephemeral);
    this.#journal.resetCovered();
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.#compacting !== undefined) await this.#compacting;
      await this.sync();
      if (this.#journal.size > 0) await this.compact();
    } finally {
      this.#journal.close();
      this.#lock.release();
    }
  }
}

function writeAllSync(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

/** Makes a directory's entries (a rename, a new file) durable. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes state.db atomically: temp file, fsync, rename, fsync of the directory. */
export function writeSnapshot(store: TableStore, codec: RecordCodec, dir: string, fingerprint: string, skip: ReadonlySet<string> = new Set()): void {
  const classes = [...store.tables()].filter((cls) => !skip.has(cls));
  const path = join(dir, SNAPSHOT_FILE);
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    const writer = new DbWriter((chunk) => writeAllSync(fd, chunk));
    for (const cls of classes) for (const [, rec] of store.all(cls)) codec.noteRecord(cls, rec);
    writer.begin([['generation_count', String(store.generation)], ...codec.manifestTypes()]);
    for (const cls of classes) {
      writer.beginTable(cls);
      for (const [ref, rec] of store.all(cls)) writer.row(ref, codec.rowAttributes(cls, rec));
      writer.endTable();
    }
    writer.end();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDir(dir);
  const tables = classes.map((cls): [string, Iterable<[string, XenStruct]>] => [cls, store.all(cls)]);
  writeCache(dir, path, fingerprint, { generation: store.generation, types: codec.manifestTypes(), tables });
}
