// JSON text for XenValues: bigint as a bare number literal, Date as xapi's `YYYYMMDDTHH:MM:SSZ` string.
import type { XenStruct, XenValue } from '../model/types.js';
import type { TextWriter } from './chunks.js';
import { formatXapiDate } from './datetime.js';

// Anything JSON.stringify would escape: quote, backslash, control characters, surrogates (lone ones get \u escapes).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal; most strings need no escaping and skip JSON.stringify. */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** `"key":` (after a comma unless first), memoised per document: keys repeat across 10,000 records. */
export function writeJsonKey(w: TextWriter, key: string, first: boolean): void {
  const memo = w.memo;
  let head = memo.get(key);
  if (head === undefined) {
    head = `,${jsonString(key)}:`;
    if (memo.size < 4096) memo.set(key, head);
  }
  w.write(first ? head.slice(1) : head);
}

export function writeJsonValue(w: TextWriter, v: XenValue): void {
  switch (typeof v) {
    case 'string':
      w.write(jsonString(v));
      return;
    case 'bigint':
      w.write(v.toString());
      return;
    case 'number':
      w.write(Number.isFinite(v) ? String(v) : 'null');
      return;
    case 'boolean':
      w.write(v ? 'true' : 'false');
      return;
  }
  if ((v as unknown) == null) {
    w.write('""'); // not a XenValue, but tolerated as void
  } else if (v instanceof Date) {
    w.write(`"${formatXapiDate(v)}"`);
  } else if (Array.isArray(v)) {
    const items = v as readonly XenValue[];
    w.write('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) w.write(',');
      writeJsonValue(w, items[i] as XenValue);
    }
    w.write(']');
  } else {
    const s = v as XenStruct;
    let first = true;
    w.write('{');
    for (const key of Object.keys(s)) {
      writeJsonKey(w, key, first);
      first = false;
      writeJsonValue(w, s[key] as XenValue);
    }
    w.write('}');
  }
}
