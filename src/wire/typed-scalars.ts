// Converters for the scalar XenAPI types, and the mismatch signal the typed converters share.
import type { XenType, XenValue } from '../model/types.js';
import { tryParseXapiDate } from './datetime.js';
import { FLOAT_TEXT, bigIntOf, fits64Bits } from './numbers.js';
import { setMember } from './struct.js';

export type Converter = (raw: XenValue) => XenValue;

/** A type mismatch deep inside a value; toTyped turns it into a WireTypeError with the full place. */
export class Mismatch extends Error {
  readonly path: string;
  readonly shown: string;
  readonly expected: string;

  constructor(path: string, raw: XenValue | string, expected: string, shown?: string) {
    super(expected);
    this.path = path;
    this.shown = shown ?? show(raw);
    this.expected = expected;
  }

  /** The same mismatch one level up (`segment` is `.field`, `[3]` or `["key"]`); other errors pass through. */
  static within(e: unknown, segment: string): unknown {
    return e instanceof Mismatch ? new Mismatch(segment + e.path, '', e.expected, e.shown) : e;
  }
}

function show(raw: XenValue): string {
  if (typeof raw === 'string') return JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}...` : raw);
  if (typeof raw === 'bigint' || typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return raw.toISOString();
  if (Array.isArray(raw)) return 'an array';
  return (raw as unknown) == null ? 'nothing' : 'a struct';
}

/** A XenAPI int is 64 bits: a value no 64-bit integer holds (signed or not) is not an int. */
function toInt(raw: XenValue): XenValue {
  let n: bigint | undefined;
  if (typeof raw === 'bigint') n = raw;
  else if (typeof raw === 'string') n = bigIntOf(raw);
  else if (typeof raw === 'number' && Number.isInteger(raw)) n = BigInt(raw);
  if (n !== undefined && fits64Bits(n)) return n;
  throw new Mismatch('', raw, 'int');
}

/** Distinct numbers an int converter remembers the bigint of. */
const INT_MEMO_SIZE = 4096;

/**
 * toInt, sharing one bigint per distinct number (bigints are immutable values): a 10,000-VM reply holds ~200,000
 * ints, mostly a few values (0, 1, -1, common memory sizes), each otherwise a heap object of its own.
 */
function memoisedInt(): Converter {
  const memo = new Map<number, bigint>();
  return (raw) => {
    if (typeof raw !== 'number') return toInt(raw);
    const known = memo.get(raw);
    if (known !== undefined) return known;
    const n = toInt(raw) as bigint;
    if (memo.size < INT_MEMO_SIZE) memo.set(raw, n);
    return n;
  };
}

function toFloat(raw: XenValue): XenValue {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string') {
    if (FLOAT_TEXT.test(raw.trim())) return Number(raw);
    switch (raw.trim().toLowerCase()) {
      case 'inf': case '+inf': case 'infinity': return Infinity;
      case '-inf': case '-infinity': return -Infinity;
      case 'nan': case '-nan': return NaN;
    }
  }
  throw new Mismatch('', raw, 'float');
}

function toBool(raw: XenValue): XenValue {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (t === 'true') return true;
    if (t === 'false') return false;
  }
  throw new Mismatch('', raw, 'bool');
}

function toDate(raw: XenValue): XenValue {
  if (raw instanceof Date) return raw;
  if (typeof raw === 'string') {
    const d = tryParseXapiDate(raw);
    if (d !== undefined) return d;
  }
  throw new Mismatch('', raw, 'datetime');
}

function toStringValue(raw: XenValue): XenValue {
  if (typeof raw === 'string') return raw;
  throw new Mismatch('', raw, 'string');
}

function toRef(raw: XenValue): XenValue {
  if (typeof raw === 'string') return raw;
  throw new Mismatch('', raw, 'ref');
}

export function scalarConverter(type: XenType): Converter {
  switch (type.kind) {
    case 'int':
      return memoisedInt();
    case 'float':
      return toFloat;
    case 'bool':
      return toBool;
    case 'datetime':
      return toDate;
    case 'ref':
      return toRef;
    case 'void':
      return () => '';
    default:
      return toStringValue;
  }
}

export const setMemberOf = setMember;
