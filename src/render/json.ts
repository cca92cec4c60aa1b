// JSON and NDJSON: wire field names, exact integers (bigint digits even past 2^53), ISO-8601 dates.
import type { XenStruct, XenValue } from '../model/types.js';
import type { RenderData, View } from './types.js';
import { columnsOf, project, recordsOf } from './rows.js';
import { isoDate } from './text.js';

/** One value as JSON; `indent` is the current indentation when pretty-printing, or undefined for one line. */
export function jsonValue(v: XenValue, indent?: string): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return JSON.stringify(isoDate(v));
  const inner = indent === undefined ? undefined : `${indent}  `;
  const open = inner === undefined ? '' : `\n${inner}`;
  const sep = inner === undefined ? ',' : `,\n${inner}`;
  const close = inner === undefined ? '' : `\n${indent ?? ''}`;
  const colon = inner === undefined ? ':' : ': ';
  if (Array.isArray(v)) {
    const items = v as readonly XenValue[];
    if (items.length === 0) return '[]';
    return `[${open}${items.map((x) => jsonValue(x, inner)).join(sep)}${close}]`;
  }
  const entries = Object.entries(v as XenStruct);
  if (entries.length === 0) return '{}';
  return `{${open}${entries.map(([k, x]) => `${JSON.stringify(k)}${colon}${jsonValue(x, inner)}`).join(sep)}${close}}`;
}

function shown(data: RenderData, view: View): { records: readonly XenStruct[]; keys: string[] } {
  const records = recordsOf(data, view);
  return { records, keys: columnsOf(records, view) };
}

/** Pretty JSON in pieces (one per record), so a caller can stream a 10,000-record list. */
export function* jsonChunks(data: RenderData, view: View): Generator<string> {
  if (data.kind === 'scalar') {
    yield `${jsonValue(data.value, '')}\n`;
    return;
  }
  const { records, keys } = shown(data, view);
  if (data.kind === 'record') {
    yield `${jsonValue(project(records[0] ?? {}, keys), '')}\n`;
    return;
  }
  if (records.length === 0) {
    yield '[]\n';
    return;
  }
  let first = true;
  for (const r of records) {
    yield `${first ? '[\n  ' : ',\n  '}${jsonValue(project(r, keys), '  ')}`;
    first = false;
  }
  yield '\n]\n';
}

/** One record (or value) a line. */
export function* ndjsonChunks(data: RenderData, view: View): Generator<string> {
  if (data.kind === 'scalar') {
    yield `${jsonValue(data.value)}\n`;
    return;
  }
  const { records, keys } = shown(data, view);
  for (const r of records) yield `${jsonValue(project(r, keys))}\n`;
}
