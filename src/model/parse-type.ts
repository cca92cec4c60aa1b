// The datamodel's type spellings ("VM ref set", "(string -> enum vm_operations) map", "<class> record") to XenType
// and back.
import type { XenType } from './types.js';

export const EVENT_BATCH = 'event_batch';
export const EVENT_BATCH_SPELLING = 'an event batch';

/** The fields of an event batch, in wire order. */
export const EVENT_BATCH_FIELDS: readonly { readonly name: string; readonly type: XenType }[] = [
  { name: 'events', type: { kind: 'set', of: { kind: 'record', cls: 'event' } } },
  { name: 'valid_ref_counts', type: { kind: 'map', key: { kind: 'string' }, value: { kind: 'int' } } },
  { name: 'token', type: { kind: 'string' } },
];

const SCALARS = new Set(['string', 'int', 'float', 'bool', 'datetime', 'void']);

/** Thrown for a spelling the datamodel grammar does not allow. */
export class TypeSpellingError extends Error {
  constructor(spelling: string, why: string) {
    super(`bad type spelling ${JSON.stringify(spelling)}: ${why}`);
    this.name = 'TypeSpellingError';
  }
}

/** Splits "(K -> V)" at its top-level arrow. */
function splitArrow(inner: string, spelling: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < inner.length - 1; i++) {
    const ch = inner[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && ch === '-' && inner[i + 1] === '>') {
      return [inner.slice(0, i).trim(), inner.slice(i + 2).trim()];
    }
  }
  throw new TypeSpellingError(spelling, 'map without "->"');
}

/** Parses a datamodel type spelling. Postfix words (`ref`, `set`, `map`, `record`, `option`) bind left to right. */
export function parseType(spelling: string): XenType {
  const s = spelling.trim();
  if (s === '') throw new TypeSpellingError(spelling, 'empty');
  if (s === EVENT_BATCH_SPELLING) return { kind: 'record', cls: EVENT_BATCH };
  if (SCALARS.has(s)) return { kind: s as 'string' | 'int' | 'float' | 'bool' | 'datetime' | 'void' };
  if (s.endsWith(' set')) return { kind: 'set', of: parseType(s.slice(0, -4)) };
  if (s.endsWith(' option')) return { kind: 'option', of: parseType(s.slice(0, -7)) };
  if (s.endsWith(' map')) {
    const inner = s.slice(0, -4).trim();
    if (!inner.startsWith('(') || !inner.endsWith(')')) throw new TypeSpellingError(spelling, 'map needs (K -> V)');
    const [k, v] = splitArrow(inner.slice(1, -1), spelling);
    return { kind: 'map', key: parseType(k), value: parseType(v) };
  }
  if (s.endsWith(' ref')) return { kind: 'ref', cls: word(s.slice(0, -4), spelling) };
  if (s.endsWith(' record')) return { kind: 'record', cls: word(s.slice(0, -7), spelling) };
  if (s.startsWith('enum ')) return { kind: 'enum', name: word(s.slice(5), spelling) };
  throw new TypeSpellingError(spelling, 'unknown type');
}

function word(w: string, spelling: string): string {
  const t = w.trim();
  if (!/^(<class>|[A-Za-z_][A-Za-z0-9_]*)$/.test(t)) throw new TypeSpellingError(spelling, `bad name ${JSON.stringify(t)}`);
  return t;
}

/** The datamodel spelling of a type (inverse of parseType). */
export function formatType(t: XenType): string {
  switch (t.kind) {
    case 'enum':
      return `enum ${t.name}`;
    case 'ref':
      return `${t.cls} ref`;
    case 'record':
      return t.cls === EVENT_BATCH ? EVENT_BATCH_SPELLING : `${t.cls} record`;
    case 'set':
      return `${formatType(t.of)} set`;
    case 'option':
      return `${formatType(t.of)} option`;
    case 'map':
      return `(${formatType(t.key)} -> ${formatType(t.value)}) map`;
    default:
      return t.kind;
  }
}

/** A memoising parser for one model build (the model has ~230 distinct spellings). */
export function typeParserCache(): (spelling: string) => XenType {
  const cache = new Map<string, XenType>();
  return (spelling) => {
    let t = cache.get(spelling);
    if (t === undefined) {
      t = parseType(spelling);
      cache.set(spelling, t);
    }
    return t;
  };
}
