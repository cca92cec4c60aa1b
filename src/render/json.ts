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

// The fast path: a writer that matches JSON.stringify(value, null, 2) (or compact) byte for byte, with bigints as
// bare digits and dates as ISO-8601 strings. JSON.stringify with a replacer for those two calls back into JS for
// every value and was the costliest step of printing 10,000 records.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function stringText(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

class JsonText {
  readonly #pretty: boolean;
  /** Object keys as written (`"name": `), shared by every record of a batch. */
  readonly #keys = new Map<string, string>();

  constructor(pretty: boolean) {
    this.#pretty = pretty;
  }

  #key(k: string): string {
    let t = this.#keys.get(k);
    if (t === undefined) {
      t = `${stringText(k)}${this.#pretty ? ': ' : ':'}`;
      if (this.#keys.size < 4096) this.#keys.set(k, t);
    }
    return t;
  }

  value(v: XenValue | undefined, indent: string): string {
    switch (typeof v) {
      case 'string':
        return stringText(v);
      case 'bigint':
        return v.toString();
      case 'number':
        return Number.isFinite(v) ? String(v) : 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'undefined':
        return 'null';
    }
    if ((v as unknown) === null) return 'null';
    if (v instanceof Date) return stringText(isoDate(v));
    const inner = this.#pretty ? `${indent}  ` : '';
    const open = this.#pretty ? `\n${inner}` : '';
    const sep = this.#pretty ? `,\n${inner}` : ',';
    const close = this.#pretty ? `\n${indent}` : '';
    if (Array.isArray(v)) {
      const items = v as readonly XenValue[];
      if (items.length === 0) return '[]';
      let out = `[${open}${this.value(items[0], inner)}`;
      for (let i = 1; i < items.length; i++) out += `${sep}${this.value(items[i], inner)}`;
      return `${out}${close}]`;
    }
    const s = v as XenStruct;
    let out = '';
    for (const k of Object.keys(s)) {
      const x = s[k];
      if (x === undefined) continue;
      out += `${out === '' ? open : sep}${this.#key(k)}${this.value(x, inner)}`;
    }
    return out === '' ? '{}' : `{${out}${close}}`;
  }
}

// Records per chunk. Small chunks die young: with 200 (800 KB of text, built from many small pieces) a minor GC
// often caught a chunk half built and moved it to the old generation, which grew by ~15 MB over a 10,000-VM list
// and was not collected before exit.
const BATCH = 25;

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
  const text = new JsonText(true);
  for (let i = 0; i < records.length; i += BATCH) {
    let out = '';
    for (let j = i; j < Math.min(i + BATCH, records.length); j++) {
      out += `${j === 0 ? '[\n  ' : ',\n  '}${text.value(pick(records[j] as XenStruct), '  ')}`;
    }
    yield out;
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
  const text = new JsonText(false);
  for (let i = 0; i < records.length; i += BATCH) {
    let out = '';
    for (const r of records.slice(i, i + BATCH)) out += `${text.value(keys === undefined ? r : project(r, keys), '')}\n`;
    yield out;
  }
}
