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

function shown(data: RenderData, view: View): { records: readonly XenStruct[]; keys: string[] | undefined } {
  const records = recordsOf(data, view);
  return { records, keys: view.columns !== undefined && view.columns.length > 0 ? columnsOf(records, view) : undefined };
}

// The fast path: native JSON.stringify with a replacer that writes bigints as marked strings, unquoted afterwards.
// A string value that itself starts with the mark sends its batch down the slow exact path instead.
const MARK = '\u0000n:';
const MARKED = /"\\u0000n:(-?\d+)"/g;

function stringifyBatch(batch: readonly XenValue[], indent: number | undefined): string | undefined {
  let clash = false;
  const replacer = function (this: unknown, key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return `${MARK}${value.toString()}`;
    if (typeof value === 'string' && value.charCodeAt(0) === 0) clash = true;
    const original = (this as Record<string, unknown>)[key];
    if (original instanceof Date) return isoDate(original);
    return value;
  };
  const text = JSON.stringify(batch, replacer, indent);
  if (clash) return undefined;
  return text.includes('\\u0000n:') ? text.replace(MARKED, '$1') : text;
}

const BATCH = 200;

/** Pretty JSON in pieces (a batch of records each), so a caller can stream a 10,000-record list. */
export function* jsonChunks(data: RenderData, view: View): Generator<string> {
  if (data.kind === 'scalar') {
    yield `${jsonValue(data.value, '')}\n`;
    return;
  }
  const { records, keys } = shown(data, view);
  const pick = (r: XenStruct): XenStruct => (keys === undefined ? r : project(r, keys));
  if (data.kind === 'record') {
    yield `${jsonValue(pick(records[0] ?? {}), '')}\n`;
    return;
  }
  if (records.length === 0) {
    yield '[]\n';
    return;
  }
  for (let i = 0; i < records.length; i += BATCH) {
    const batch = records.slice(i, i + BATCH).map(pick);
    const fast = stringifyBatch(batch, 2);
    // `[\n  {...},\n  {...}\n]` -> the inside, joined to the previous batch with a comma.
    const inner = fast !== undefined ? fast.slice(2, -2) : batch.map((r) => `  ${jsonValue(r, '  ')}`).join(',\n');
    yield `${i === 0 ? '[\n' : ',\n'}${inner}`;
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
  for (let i = 0; i < records.length; i += BATCH) {
    let out = '';
    for (const r of records.slice(i, i + BATCH)) {
      const rec = keys === undefined ? r : project(r, keys);
      const fast = stringifyBatch([rec], undefined);
      out += `${fast !== undefined ? fast.slice(1, -1) : jsonValue(rec)}\n`;
    }
    yield out;
  }
}
