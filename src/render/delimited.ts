// The line formats: csv (header row of field names), value (values only, tab-separated), minimal (xe's).
import type { XenValue } from '../model/types.js';
import type { RenderData, View } from './types.js';
import { columnsOf, recordsOf } from './rows.js';
import { valueText } from './text.js';

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Tabs and newlines inside a value would break the one-object-a-line shape: escape them. */
function lineCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

export function renderCsv(data: RenderData, view: View): string {
  if (data.kind === 'scalar') return `${csvCell(valueText(data.value))}\n`;
  const records = recordsOf(data, view);
  const keys = columnsOf(records, view);
  const lines = [keys.map(csvCell).join(',')];
  for (const r of records) lines.push(keys.map((k) => csvCell(valueText(r[k]))).join(','));
  return `${lines.join('\n')}\n`;
}

export function renderValue(data: RenderData, view: View): string {
  if (data.kind === 'scalar') return `${valueText(data.value)}\n`;
  const records = recordsOf(data, view);
  const keys = columnsOf(records, view);
  return records.map((r) => `${keys.map((k) => lineCell(valueText(r[k]))).join('\t')}\n`).join('');
}

/** Commas are escaped (xe's list separator); so are line breaks, which would break the one-line shape. */
function minimalCell(v: XenValue | undefined): string {
  return valueText(v).replace(/[\\,\r\n]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\${c}`));
}

/** xe's --minimal: one line, comma-separated; uuids unless a single column was asked for. */
export function renderMinimal(data: RenderData, view: View): string {
  if (data.kind === 'scalar') {
    // A list (`call VM.get_all`, a set field) is one comma-separated line, as xe prints a list of objects.
    const v = data.value;
    return `${Array.isArray(v) ? (v as readonly XenValue[]).map(minimalCell).join(',') : minimalCell(v)}\n`;
  }
  const records = recordsOf(data, view);
  const key = view.columns !== undefined && view.columns.length > 0 ? view.columns[0] ?? 'uuid' : 'uuid';
  const pick = (r: (typeof records)[number]): XenValue | undefined => r[key] ?? (key === 'uuid' ? r['ref'] : undefined);
  return `${records.map((r) => minimalCell(pick(r))).join(',')}\n`;
}
