// Shared by the renderers: which keys to show, in what order, and rows sorted by --sort.
import type { XenStruct, XenValue } from '../model/types.js';
import type { RenderData, SortKey, View } from './types.js';
import { valueText } from './text.js';

/** The keys a view shows for these records: the view's columns, or every key in first-seen order. */
export function columnsOf(records: readonly XenStruct[], view: View): string[] {
  if (view.columns !== undefined && view.columns.length > 0) return [...view.columns];
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** A record keeping only the given keys (and their order); keys the record lacks are left out. */
export function project(record: XenStruct, keys: readonly string[]): XenStruct {
  const out: Record<string, XenValue> = {};
  for (const k of keys) {
    const v = record[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

function compareValues(a: XenValue | undefined, b: XenValue | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length - b.length || compareText(a, b);
  return compareText(a, b);
}

function compareText(a: XenValue, b: XenValue): number {
  const x = valueText(a);
  const y = valueText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rows sorted by the key (stable); descending when asked. */
export function sortRows(rows: readonly XenStruct[], sort: SortKey | undefined): readonly XenStruct[] {
  if (sort === undefined) return rows;
  const sign = sort.desc ? -1 : 1;
  return rows
    .map((r, i) => ({ r, i }))
    .sort((p, q) => sign * compareValues(p.r[sort.key], q.r[sort.key]) || p.i - q.i)
    .map((p) => p.r);
}

/** The records of the data (a scalar has none), sorted per the view. */
export function recordsOf(data: RenderData, view: View): readonly XenStruct[] {
  if (data.kind === 'rows') return sortRows(data.rows, view.sort);
  if (data.kind === 'record') return [data.record];
  return [];
}
