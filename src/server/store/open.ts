// Opening a state directory: lock, load the snapshot (or its load cache), replay the journal, compact.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '../../model/types.js';
import { modelFingerprint, readCache } from './cache.js';
import { RecordCodec } from './codec.js';
import { DbFormatError, scanDbFile } from './dbscan.js';
import { DiskStore, fsyncDir, JOURNAL_FILE, SNAPSHOT_FILE, type JournalRecord } from './disk.js';
import { Journal, scanFrames } from './journal.js';
import { lockDir } from './lock.js';
import { StoreError } from './table-store.js';

export interface OpenStoreOptions {
  /** Types the stored strings; without it every field loads as a string. */
  readonly model?: Model;
  /** The opening process's PID, written to the lock file. */
  readonly pid: number;
  /** Whether a PID from an existing lock file still runs (default: /proc, when there is one). */
  readonly isAlive?: (pid: number) => boolean;
  /** Journal size past which a new snapshot is written (default 64 MiB). */
  readonly compactBytes?: number;
  /**
   * Classes kept in memory only, never journalled nor snapshotted. The embedded local: server passes its sessions:
   * only its own process can use them, and a read-only command then writes nothing to disk.
   */
  readonly ephemeral?: readonly string[];
  /**
   * Decode the classes read from the load cache on their first use instead of at open (default false). A short
   * command that reads a few classes (the CLI's local:) then never decodes the rest; a server decodes everything at
   * open so that no request pays for it.
   */
  readonly decodeOnUse?: boolean;
}

function isJournalRecord(v: unknown): v is JournalRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r['g'] === 'number' && (r['o'] === 'add' || r['o'] === 'mod' || r['o'] === 'del') &&
    typeof r['c'] === 'string' && typeof r['r'] === 'string';
}

/** Loads state.db (through the load cache when it matches); returns the snapshot's generation and whether the cache served. */
function loadSnapshot(store: DiskStore, codec: RecordCodec, path: string, fingerprint: string, decodeOnUse: boolean): { generation: number; cached: boolean } {
  const cached = readCache(store.dir, path, fingerprint, decodeOnUse);
  if (cached !== undefined) {
    codec.loadManifestTypes(new Map(cached.types));
    for (const cls of cached.classes) store.loadCached(cls);
    return { generation: cached.generation, cached: true };
  }
  const manifest = new Map<string, string>();
  let typesLoaded = false;
  try {
    scanDbFile(path, {
      pair: (k, v) => manifest.set(k, v),
      table: () => {
        if (!typesLoaded) codec.loadManifestTypes(manifest);
        typesLoaded = true;
      },
      row: (cls, ref, attrs) => store.loadOwned(cls, ref, codec.decodeAttrs(cls, attrs, true)),
    });
  } catch (err) {
    if (!(err instanceof DbFormatError)) throw err;
    throw new StoreError(`${path} is not a readable state.db: ${err.message}`, 'corrupt');
  }
  return { generation: Number(manifest.get('generation_count') ?? '0') || 0, cached: false };
}

/** Applies the journal's records newer than the snapshot as they are read; returns the last generation. */
function replay(store: DiskStore, codec: RecordCodec, path: string, from: number): { generation: number; totalLength: number } {
  let generation = from;
  const { totalLength } = scanFrames(path, (payload) => {
    const rec: unknown = JSON.parse(payload);
    if (!isJournalRecord(rec)) throw new StoreError(`unreadable journal record in ${path}`, 'corrupt');
    if (rec.g <= generation) return;
    generation = rec.g;
    if (rec.o === 'del') {
      store.load({ op: 'del', cls: rec.c, ref: rec.r });
      return;
    }
    const fields = codec.decodeFields(rec.c, rec.f ?? {}, rec.t);
    if (rec.o === 'add') {
      codec.fill(rec.c, fields);
      store.load({ op: 'add', cls: rec.c, ref: rec.r, record: fields });
    } else {
      store.load({ op: 'mod', cls: rec.c, ref: rec.r, changes: fields });
    }
  });
  return { generation, totalLength };
}

export async function openStore(dir: string, opts: OpenStoreOptions): Promise<DiskStore> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lock = lockDir(dir, opts);
  let journal: Journal | undefined;
  try {
    const codec = new RecordCodec(opts.model);
    const snapshotPath = join(dir, SNAPSHOT_FILE);
    const journalPath = join(dir, JOURNAL_FILE);
    const hasSnapshot = existsSync(snapshotPath);
    const journalled = scanFrames(journalPath, () => undefined, 1).frames > 0;
    const newJournal = !existsSync(journalPath);
    journal = new Journal(journalPath);
    if (newJournal) fsyncDir(dir);
    const fingerprint = modelFingerprint(opts.model);
    const store = new DiskStore({
      dir, codec, journal, lock, fingerprint, fresh: !hasSnapshot && !journalled,
      ...(opts.compactBytes !== undefined ? { compactBytes: opts.compactBytes } : {}),
      ...(opts.ephemeral !== undefined ? { ephemeral: new Set(opts.ephemeral) } : {}),
    });
    const base = hasSnapshot ? loadSnapshot(store, codec, snapshotPath, fingerprint, opts.decodeOnUse === true) : { generation: 0, cached: true };
    if (opts.decodeOnUse !== true) store.decodeAll();
    const replayed = replay(store, codec, journalPath, base.generation);
    store.setLoadedGeneration(replayed.generation);
    // Also drops a torn tail, so new frames never follow garbage.
    if (replayed.totalLength > 0) store.compactNow();
    // A state.db read as XML gets its cache now, not at the next write (a read-only command may never write).
    else if (!base.cached) store.writeLoadCache();
    return store;
  } catch (err) {
    journal?.close();
    lock.release();
    throw err;
  }
}
