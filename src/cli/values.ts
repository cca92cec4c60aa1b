// Text from the command line -> typed XenAPI values, by the model's type. Refs go through the selectors.
import type { Model, XenStruct, XenType, XenValue } from '../model/types.js';
import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';
import { NULL_REF } from '../model/values.js';

/** A bad value as an error names it: quoted, and cut when long so the message stays one readable line. */
function quoted(text: string): string {
  return text.length > 80 ? `'${text.slice(0, 60)}…' (${text.length} characters)` : `'${text}'`;
}

/** Fields and flags that count bytes (memory-static-max, virtual-size, --size): they also take 8GiB, 512M, as xe does. */
const BYTE_COUNT = /memory|size|bytes/i;
const UNIT_POWERS: Readonly<Record<string, bigint>> = { k: 1n, m: 2n, g: 3n, t: 4n };

/** `8GiB` / `8G` / `1.5GiB` -> bytes (binary units); undefined when the text has no unit. */
function withUnit(text: string): bigint | undefined {
  const m = /^(\d+)(?:\.(\d+))?\s*([kmgt])(?:i?b)?$/i.exec(text);
  if (m === null) return undefined;
  const scale = 1024n ** (UNIT_POWERS[(m[3] ?? 'k').toLowerCase()] ?? 1n);
  const frac = m[2] ?? '';
  return (BigInt(`${m[1] ?? '0'}${frac}`) * scale) / 10n ** BigInt(frac.length);
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** Splits `a,b\,c` on unescaped commas. */
export function splitList(text: string): string[] {
  if (text === '') return [];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i] ?? '';
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out;
}

/** Parses `k=v` into [k, v]; the key may not be empty. */
export function splitPair(text: string, what: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`${what} takes key=value, not ${quoted(text)}`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

export function parseDate(text: string, what: string): Date {
  const t = text.trim();
  const xapi = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})Z?$/.exec(t);
  const d = xapi !== null ? new Date(`${xapi[1]}-${xapi[2]}-${xapi[3]}T${xapi[4]}:${xapi[5]}:${xapi[6]}Z`) : new Date(t);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${what} takes a date (2025-03-19T04:16:24Z), not ${quoted(text)}`);
  return d;
}

/** Resolves a selector for a ref type; supplied by the caller so this file stays free of client calls. */
export type RefResolver = (cls: string, selector: string) => Promise<string>;

/**
 * Converts one command-line text to a value of `type`. Sets are comma lists; maps `k=v,k2=v2`; enum values
 * are matched case-insensitively and returned in the model's spelling.
 */
export async function parseValue(model: Model, type: XenType, text: string, what: string, refs: RefResolver): Promise<XenValue> {
  switch (type.kind) {
    case 'string':
      return text;
    case 'int': {
      const bytes = BYTE_COUNT.test(what);
      const sized = bytes ? withUnit(text.trim()) : undefined;
      if (sized !== undefined) return sized;
      if (!/^[-+]?\d+$/.test(text.trim())) {
        const units = bytes ? ' (or a size such as 512MiB, 8GiB)' : '';
        throw new UsageError(`${what} takes an integer${units}, not ${quoted(text)}`);
      }
      return BigInt(text.trim());
    }
    case 'float': {
      const n = Number(text);
      if (text.trim() === '' || Number.isNaN(n)) throw new UsageError(`${what} takes a number, not ${quoted(text)}`);
      return n;
    }
    case 'bool': {
      const t = text.toLowerCase();
      if (TRUE.has(t)) return true;
      if (FALSE.has(t)) return false;
      throw new UsageError(`${what} takes true or false, not ${quoted(text)}`);
    }
    case 'datetime':
      return parseDate(text, what);
    case 'enum':
      return enumValue(model, type.name, text, what);
    case 'ref':
      // Empty clears a reference (affinity=), as the table shows an unset one empty.
      return text.trim() === '' ? NULL_REF : refs(type.cls, text);
    case 'option':
      return parseValue(model, type.of, text, what, refs);
    case 'set': {
      const out: XenValue[] = [];
      for (const item of splitList(text)) out.push(await parseValue(model, type.of, item, what, refs));
      return out;
    }
    case 'map': {
      const out: Record<string, XenValue> = {};
      for (const item of splitList(text)) {
        const [k, v] = splitPair(item, what);
        out[k] = await parseValue(model, type.value, v, what, refs);
      }
      return out as XenStruct;
    }
    case 'record':
    case 'void':
      throw new UsageError(`${what} cannot be given on the command line`);
  }
}

export function enumValue(model: Model, name: string, text: string, what: string): string {
  const values = model.enums.get(name)?.values ?? [];
  const hit = values.find((v) => v.toLowerCase() === text.toLowerCase());
  if (hit === undefined) {
    throw new UsageError(`${what} must be one of ${values.join(', ')}, not ${quoted(text)}${didYouMean(text, values)}`);
  }
  return hit;
}
