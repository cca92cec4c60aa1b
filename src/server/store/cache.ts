// A load cache beside state.db: the same tables, typed, in V8's serialization format, which loads an order of
// magnitude faster than parsing the XML (state.db stays the format of record). It is used only when it was written
// for exactly the state.db on disk (size and mtime) and the same model, and is ignored when anything is off.
// The file is a run of checksummed frames ([u32 length][u32 crc32][payload], little endian; the payload is a kind
// byte and a V8-serialized value): a head, then per class its row frames of a few hundred rows and a class frame
// naming the class and counting its rows, then an end frame counting all rows. A row frame names its fields once
// and holds each row as [ref, value, value...] (half the size of records with their field names). Writing and
// reading go a frame at a time; a cache cut short or damaged anywhere is ignored as a whole.
// Reading checks every frame; with decodeOnUse it keeps row frames as bytes, for a class to be decoded on its first
// use (decodeClass): a command that reads a few classes does not pay for the others (a demo pool's 2,000 roles).
import { hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize } from 'node:v8';
import { EXTENSIONS } from '../../model/extensions/index.js';
import type { Model, XenStruct, XenValue } from '../../model/types.js';
import { FrameReader, KIND, writeFrame } from './cache-frames.js';

export const CACHE_FILE = 'state.cache';
const FORMAT = 4;
const ROWS_PER_FRAME = 256;

/** A class's rows as the cache holds them (see decodeClass). */
export interface CachedClass {
  readonly cls: string;
  readonly rows: number;
  /** Row frames: checked payloads (V8-serialized RowFrame) still to decode, or their records decoded. */
  readonly frames: ReadonlyArray<Buffer | ReadonlyArray<[string, XenStruct]>>;
}

export interface CachedState {
  readonly generation: number;
  /** Manifest entries of inferred private field types. */
  readonly types: ReadonlyArray<[string, string]>;
  /** In the order written; a class may span several entries. */
  readonly classes: readonly CachedClass[];
}

/** What writeCache walks: the tables are iterated once, as they are written. */
export interface CacheSource {
  readonly generation: number;
  readonly types: ReadonlyArray<[string, string]>;
  readonly tables: Iterable<[string, Iterable<[string, XenStruct]>]>;
}

/** Rows of one class with the same fields: each row is [ref, ...values in `fields` order]. */
interface RowFrame {
  readonly cls: string;
  readonly fields: readonly string[];
  readonly rows: unknown[][];
}

function sameFields(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

interface CacheHead {
  readonly format: number;
  readonly fingerprint: string;
  readonly snapshotSize: number;
  readonly snapshotMtimeMs: number;
  readonly generation: number;
  readonly types: Array<[string, string]>;
}

/** Identifies the typing a cache was written with: a changed model must not reuse typed values. */
export function modelFingerprint(model: Model | undefined): string {
  if (model === undefined) return `${FORMAT}:untyped`;
  const ext = model.extensions ? hash('sha1', JSON.stringify(EXTENSIONS)) : 'none';
  return `${FORMAT}:${model.classes.size}:${model.enums.size}:${model.errors.size}:${ext}`;
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // nothing to remove
  }
}

/** Writes the cache of the state.db at `snapshotPath` (temp file, rename); on any failure there is no cache. */
export function writeCache(dir: string, snapshotPath: string, fingerprint: string, state: CacheSource): void {
  const path = join(dir, CACHE_FILE);
  const temp = `${path}.tmp`;
  try {
    const st = statSync(snapshotPath);
    const fd = openSync(temp, 'w', 0o600);
    try {
      const head: CacheHead = { format: FORMAT, fingerprint, snapshotSize: st.size, snapshotMtimeMs: st.mtimeMs,
        generation: state.generation, types: [...state.types] };
      writeFrame(fd, KIND.head, head);
      let count = 0;
      for (const [cls, rows] of state.tables) {
        let frame: RowFrame = { cls, fields: [], rows: [] };
        let inClass = 0;
        for (const [ref, rec] of rows) {
          const fields = Object.keys(rec);
          if (frame.rows.length === ROWS_PER_FRAME || !sameFields(frame.fields, fields)) {
            if (frame.rows.length > 0) writeFrame(fd, KIND.rows, frame);
            inClass += frame.rows.length;
            frame = { cls, fields, rows: [] };
          }
          const row: unknown[] = [ref];
          for (const f of fields) row.push(rec[f]);
          frame.rows.push(row);
        }
        if (frame.rows.length > 0) writeFrame(fd, KIND.rows, frame);
        inClass += frame.rows.length;
        if (inClass > 0) writeFrame(fd, KIND.cls, { cls, rows: inClass });
        count += inClass;
      }
      writeFrame(fd, KIND.end, { rows: count });
    } finally {
      closeSync(fd);
    }
    // No fsync: a cache lost or torn by a crash fails its checks and the next start parses state.db.
    renameSync(temp, path);
  } catch {
    // A cache is optional: without it the next start parses state.db.
    removeQuietly(temp);
    removeQuietly(path);
  }
}

function isHead(v: unknown): v is CacheHead {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return c['format'] === FORMAT && typeof c['fingerprint'] === 'string' && typeof c['generation'] === 'number' &&
    typeof c['snapshotSize'] === 'number' && typeof c['snapshotMtimeMs'] === 'number' && Array.isArray(c['types']);
}

function isRowFrame(v: unknown): v is RowFrame {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  const fields = c['fields'];
  return typeof c['cls'] === 'string' && Array.isArray(c['rows']) && Array.isArray(fields) &&
    fields.every((f) => typeof f === 'string' && f !== '__proto__');
}

/** The frame's records; a spread copy of a record of the right fields keeps each one a fast-mode object. */
function frameRecords(frame: RowFrame): Array<[string, XenStruct]> | undefined {
  const { fields } = frame;
  const shape: Record<string, XenValue> = {};
  for (const f of fields) shape[f] = '';
  const base = { ...shape };
  const out: Array<[string, XenStruct]> = [];
  for (const row of frame.rows) {
    if (!Array.isArray(row) || row.length !== fields.length + 1 || typeof row[0] !== 'string') return undefined;
    const ref = row[0];
    const rec: Record<string, XenValue> = { ...base };
    for (let i = 0; i < fields.length; i += 1) rec[fields[i] as string] = row[i + 1] as XenValue;
    out.push([ref, rec]);
  }
  return out;
}

function decodeFrame(cls: string, body: Buffer): ReadonlyArray<[string, XenStruct]> | undefined {
  const frame: unknown = deserialize(body);
  return isRowFrame(frame) && frame.cls === cls ? frameRecords(frame) : undefined;
}

/**
 * The records of a cached class, in order. Its frames passed their checksums when the cache was read, so a frame
 * that does not decode to rows of this class is a writer's bug, not damage: it throws.
 */
export function* decodeClass(cached: CachedClass): Generator<[string, XenStruct]> {
  let count = 0;
  for (const part of cached.frames) {
    const records = Buffer.isBuffer(part) ? decodeFrame(cached.cls, part) : part;
    if (records === undefined) throw new Error(`the load cache's rows of ${cached.cls} do not decode`);
    count += records.length;
    yield* records;
  }
  if (count !== cached.rows) throw new Error(`the load cache holds ${count} rows of ${cached.cls}, not ${cached.rows}`);
}

function rowCount(v: unknown): number | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const rows = (v as Record<string, unknown>)['rows'];
  return typeof rows === 'number' && Number.isSafeInteger(rows) && rows >= 0 ? rows : undefined;
}

function className(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const cls = (v as Record<string, unknown>)['cls'];
  return typeof cls === 'string' ? cls : undefined;
}

/** generation_count from the manifest at the head of a state.db, without reading the rest. */
function snapshotGeneration(snapshotPath: string): number | undefined {
  const fd = openSync(snapshotPath, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = readSync(fd, head, 0, head.length, 0);
    const m = /key="generation_count" value="(\d+)"/.exec(head.toString('utf8', 0, n));
    return m === null ? undefined : Number(m[1]);
  } finally {
    closeSync(fd);
  }
}

/**
 * The cache of the state.db at `snapshotPath`, when it matches it and the model; undefined otherwise. With
 * `decodeOnUse`, row frames are kept as checked bytes (decodeClass decodes them); without, they are decoded now
 * (the raw frames of a 10,000-VM state would add 24 MB to the peak).
 */
export function readCache(dir: string, snapshotPath: string, fingerprint: string, decodeOnUse = false): CachedState | undefined {
  let fd: number | undefined;
  try {
    const st = statSync(snapshotPath);
    fd = openSync(join(dir, CACHE_FILE), 'r');
    // With decodeOnUse the file is read at once and row frames are kept as views of it (a short command's cache).
    const frames = new FrameReader(fd, decodeOnUse);
    const first = frames.next();
    const head: unknown = first?.kind === KIND.head ? deserialize(first.body) : undefined;
    if (!isHead(head) || head.fingerprint !== fingerprint) return undefined;
    if (head.snapshotSize !== st.size || head.snapshotMtimeMs !== st.mtimeMs) return undefined;
    if (snapshotGeneration(snapshotPath) !== head.generation) return undefined;
    const classes: CachedClass[] = [];
    let pending: Array<Buffer | ReadonlyArray<[string, XenStruct]>> = [];
    /** The class of the row frames decoded since the last class frame. */
    let pendingClass: string | undefined;
    let count = 0;
    for (;;) {
      const frame = frames.next();
      if (frame === undefined) return undefined;
      if (frame.kind === KIND.rows) {
        if (decodeOnUse) {
          pending.push(frame.body);
          continue;
        }
        const value: unknown = deserialize(frame.body);
        const records = isRowFrame(value) && (pendingClass ??= value.cls) === value.cls ? frameRecords(value) : undefined;
        if (records === undefined) return undefined;
        pending.push(records);
        continue;
      }
      const value: unknown = deserialize(frame.body);
      const rows = rowCount(value);
      if (rows === undefined) return undefined;
      if (frame.kind === KIND.end) {
        return rows === count && pending.length === 0 ? { generation: head.generation, types: head.types, classes } : undefined;
      }
      const cls = className(value);
      if (frame.kind !== KIND.cls || cls === undefined || pending.length === 0) return undefined;
      if (pendingClass !== undefined && pendingClass !== cls) return undefined;
      if (!decodeOnUse && pending.reduce((n, part) => n + part.length, 0) !== rows) return undefined;
      classes.push({ cls, rows, frames: pending });
      pending = [];
      pendingClass = undefined;
      count += rows;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
