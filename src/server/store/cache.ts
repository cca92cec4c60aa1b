// A load cache beside state.db: the same tables, typed, in V8's serialization format, which loads an order of
// magnitude faster than parsing the XML (state.db stays the format of record). It is used only when it was written
// for exactly the state.db on disk (size and mtime) and the same model, and is ignored when anything is off.
// The file is a run of checksummed frames ([u32 length][u32 crc32][payload], little endian): a head, then frames of
// a few hundred rows of one class, then an end frame counting the rows. A row frame names its fields once and holds
// each row as [ref, value, value...] (half the size of records with their field names). Writing and reading go a
// frame at a time, so neither holds the whole file; a cache cut short or damaged anywhere is ignored as a whole.
import { hash } from 'node:crypto';
import { closeSync, openSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { EXTENSIONS } from '../../model/extensions/index.js';
import type { Model, XenStruct, XenValue } from '../../model/types.js';

export const CACHE_FILE = 'state.cache';
const FORMAT = 3;
const HEADER = 8;
const ROWS_PER_FRAME = 256;
/** A frame longer than this is damage, not data (a frame holds ROWS_PER_FRAME records). */
const MAX_FRAME = 256 * 1024 * 1024;

export interface CachedState {
  readonly generation: number;
  /** Manifest entries of inferred private field types. */
  readonly types: ReadonlyArray<[string, string]>;
  /** Rows by class; a class may span several entries. */
  readonly tables: ReadonlyArray<[string, ReadonlyArray<[string, XenStruct]>]>;
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

function writeAllSync(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

function writeFrame(fd: number, value: unknown): void {
  const body = serialize(value);
  const head = Buffer.allocUnsafe(HEADER);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  writeAllSync(fd, head);
  writeAllSync(fd, body);
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
      writeFrame(fd, head);
      let count = 0;
      for (const [cls, rows] of state.tables) {
        let frame: RowFrame = { cls, fields: [], rows: [] };
        for (const [ref, rec] of rows) {
          const fields = Object.keys(rec);
          if (frame.rows.length === ROWS_PER_FRAME || !sameFields(frame.fields, fields)) {
            if (frame.rows.length > 0) writeFrame(fd, frame);
            count += frame.rows.length;
            frame = { cls, fields, rows: [] };
          }
          const row: unknown[] = [ref];
          for (const f of fields) row.push(rec[f]);
          frame.rows.push(row);
        }
        if (frame.rows.length > 0) writeFrame(fd, frame);
        count += frame.rows.length;
      }
      writeFrame(fd, { end: true, rows: count });
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

/** Reads frames one at a time into a buffer that grows to the largest frame. */
class FrameReader {
  #pos = 0;
  #buf = Buffer.alloc(64 * 1024);
  readonly #head = Buffer.alloc(HEADER);
  constructor(private readonly fd: number) {}

  #readExactly(buf: Buffer, length: number): boolean {
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, this.#pos + got);
      if (n === 0) return false;
      got += n;
    }
    this.#pos += length;
    return true;
  }

  /** The next frame's value; undefined at the end of the file or at a torn or damaged frame. */
  next(): unknown {
    if (!this.#readExactly(this.#head, HEADER)) return undefined;
    const length = this.#head.readUInt32LE(0);
    if (length > MAX_FRAME) return undefined;
    if (length > this.#buf.length) this.#buf = Buffer.alloc(Math.max(length, this.#buf.length * 2));
    if (!this.#readExactly(this.#buf, length)) return undefined;
    const body = this.#buf.subarray(0, length);
    if (crc32(body) !== this.#head.readUInt32LE(4)) return undefined;
    return deserialize(body);
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

function endCount(v: unknown): number | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  return c['end'] === true && typeof c['rows'] === 'number' ? c['rows'] : undefined;
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

export function readCache(dir: string, snapshotPath: string, fingerprint: string): CachedState | undefined {
  let fd: number | undefined;
  try {
    const st = statSync(snapshotPath);
    fd = openSync(join(dir, CACHE_FILE), 'r');
    const frames = new FrameReader(fd);
    const head = frames.next();
    if (!isHead(head) || head.fingerprint !== fingerprint) return undefined;
    if (head.snapshotSize !== st.size || head.snapshotMtimeMs !== st.mtimeMs) return undefined;
    if (snapshotGeneration(snapshotPath) !== head.generation) return undefined;
    const tables: Array<[string, Array<[string, XenStruct]>]> = [];
    let count = 0;
    for (;;) {
      const frame = frames.next();
      const end = endCount(frame);
      if (end !== undefined) return end === count ? { generation: head.generation, types: head.types, tables } : undefined;
      if (!isRowFrame(frame)) return undefined;
      const records = frameRecords(frame);
      if (records === undefined) return undefined;
      tables.push([frame.cls, records]);
      count += records.length;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
