// A load cache beside state.db: the same tables, typed, in V8's serialization format, which loads an order of
// magnitude faster than parsing the XML (state.db stays the format of record). It is used only when it was written
// for exactly the state.db on disk (size and mtime) and the same model, and is ignored when anything is off.
import { hash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EXTENSIONS } from '../../model/extensions/index.js';
import type { Model, XenStruct } from '../../model/types.js';

export const CACHE_FILE = 'state.cache';
const FORMAT = 1;

export interface CachedState {
  readonly generation: number;
  /** Manifest entries of inferred private field types. */
  readonly types: ReadonlyArray<[string, string]>;
  readonly tables: ReadonlyArray<[string, ReadonlyArray<[string, XenStruct]>]>;
}

interface CacheFile extends CachedState {
  readonly format: number;
  readonly fingerprint: string;
  readonly snapshotSize: number;
  readonly snapshotMtimeMs: number;
}

/** Identifies the typing a cache was written with: a changed model must not reuse typed values. */
export function modelFingerprint(model: Model | undefined): string {
  if (model === undefined) return `${FORMAT}:untyped`;
  const ext = model.extensions ? hash('sha1', JSON.stringify(EXTENSIONS)) : 'none';
  return `${FORMAT}:${model.classes.size}:${model.enums.size}:${model.errors.size}:${ext}`;
}

export function writeCache(dir: string, snapshotPath: string, fingerprint: string, state: CachedState): void {
  const st = statSync(snapshotPath);
  const file: CacheFile = { format: FORMAT, fingerprint, snapshotSize: st.size, snapshotMtimeMs: st.mtimeMs, ...state };
  const path = join(dir, CACHE_FILE);
  try {
    writeFileSync(`${path}.tmp`, serialize(file), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  } catch {
    // A cache is optional: without it the next start parses state.db.
    try {
      unlinkSync(path);
    } catch {
      // nothing to remove
    }
  }
}

function isCacheFile(v: unknown): v is CacheFile {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return c['format'] === FORMAT && typeof c['fingerprint'] === 'string' && typeof c['generation'] === 'number' &&
    Array.isArray(c['tables']) && Array.isArray(c['types']);
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
  try {
    const st = statSync(snapshotPath);
    const file: unknown = deserialize(readFileSync(join(dir, CACHE_FILE)));
    if (!isCacheFile(file) || file.fingerprint !== fingerprint) return undefined;
    if (file.snapshotSize !== st.size || file.snapshotMtimeMs !== st.mtimeMs) return undefined;
    if (snapshotGeneration(snapshotPath) !== file.generation) return undefined;
    return file;
  } catch {
    return undefined;
  }
}
