// Loading a real xapi database dump (state.db) into a store, keeping its refs, uuids and every field.
import type { Model, XenValue } from '../../model/types.js';
import { RecordCodec } from './codec.js';
import { DbFormatError, parseDb, parseDbFile, type DbDocument } from './dbscan.js';
import { newUuid } from './records.js';
import { StoreError } from './table-store.js';
import type { ObjectStore } from './types.js';

const POOL = 'pool';

export interface ImportOptions {
  /** Empty a non-empty store first instead of refusing. */
  readonly replace?: boolean;
}

export interface ImportSummary {
  readonly tables: number;
  readonly objects: number;
  /** The dump's generation_count, when it has one. */
  readonly generation: number;
}

function clear(store: ObjectStore): void {
  for (const cls of [...store.tables()]) {
    for (const ref of [...store.all(cls)].map(([r]) => r)) store.destroy(cls, ref);
  }
}

/**
 * Fields the model knows are typed by it; fields missing from a row take the model's defaults; columns and tables
 * the model does not know are kept as strings. xapi's own bookkeeping columns (_ref, __ctime, __mtime) are dropped.
 */
export function importDbText(store: ObjectStore, text: string, model: Model, opts: ImportOptions = {}): ImportSummary {
  return importDocument(store, () => parseDb(text), model, opts);
}

function importDocument(store: ObjectStore, parse: () => DbDocument, model: Model, opts: ImportOptions): ImportSummary {
  const occupied = store.tables().next().done !== true;
  if (occupied && opts.replace !== true) {
    throw new StoreError('the store already holds objects: import refused (use replace)', 'not-empty');
  }
  const doc = parse();
  // Every xapi database holds its pool object; a dump without one is not a pool (and serve would seed another).
  if (!doc.tables.some((t) => t.name === POOL && t.rows.length > 0)) {
    throw new StoreError('not a xapi pool database: no pool object', 'corrupt');
  }
  const codec = new RecordCodec(model);
  let objects = 0;
  let tables = 0;
  const load = (): void => {
    if (occupied) clear(store);
    for (const table of doc.tables) {
      if (table.rows.length > 0) tables += 1;
      const hasUuid = model.classes.get(table.name)?.fields.some((f) => f.name === 'uuid') === true;
      for (const row of table.rows) {
        const rec = codec.decodeRow(table.name, row, true) as Record<string, XenValue>;
        if (hasUuid && rec['uuid'] === '') rec['uuid'] = newUuid();
        store.create(table.name, row.ref, rec);
        objects += 1;
      }
    }
  };
  if (store.bulk !== undefined) store.bulk(load);
  else load();
  return { tables, objects, generation: Number(doc.manifest.get('generation_count') ?? '0') || 0 };
}

export async function importDb(store: ObjectStore, file: string, model: Model, opts: ImportOptions = {}): Promise<ImportSummary> {
  let summary: ImportSummary;
  try {
    summary = importDocument(store, () => parseDbFile(file), model, opts);
  } catch (err) {
    if (err instanceof DbFormatError || (err instanceof StoreError && err.code === 'corrupt')) {
      throw new StoreError(`${file}: ${err.message}`, 'corrupt');
    }
    throw err;
  }
  await store.sync();
  return summary;
}
