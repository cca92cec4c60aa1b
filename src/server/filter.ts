// xapi's filter language for get_all_where / get_all_records_where:
//   expr := 'true' | 'false' | 'not' expr | expr 'and' expr | expr 'or' expr | '(' expr ')' | val '=' val
//   val  := 'field' "column" | "literal"
// Columns are database names: namespace dots become double underscores (`name__label` is the field name_label).
// Values compare as the database stores them (strings; ints in decimal; bools `true`/`false`; sets and maps in
// the database's s-expression form).
import type { XenStruct, XenValue } from '../model/types.js';
import { formatXapiDate } from '../wire/datetime.js';
import { formatDouble } from '../wire/double.js';

type Val = { readonly field: string } | { readonly literal: string };
export type FilterExpr =
  | { readonly op: 'true' | 'false' }
  | { readonly op: 'not'; readonly e: FilterExpr }
  | { readonly op: 'and' | 'or'; readonly a: FilterExpr; readonly b: FilterExpr }
  | { readonly op: 'eq'; readonly a: Val; readonly b: Val };

export class FilterParseError extends Error {
  override readonly name = 'FilterParseError';
}

type Token = { readonly t: 'word'; readonly v: string } | { readonly t: 'str'; readonly v: string } | { readonly t: '(' | ')' | '=' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (c === '(' || c === ')' || c === '=') {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new FilterParseError(`unterminated string at offset ${i}`);
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (j < src.length && /[A-Za-z_]/.test(src[j]!)) j++;
      out.push({ t: 'word', v: src.slice(i, j).toLowerCase() });
      i = j;
    } else {
      throw new FilterParseError(`unexpected character ${JSON.stringify(c)} at offset ${i}`);
    }
  }
  return out;
}

export function parseFilter(src: string): FilterExpr {
  const toks = tokenize(src);
  let pos = 0;
  const peek = (): Token | undefined => toks[pos];
  const isWord = (w: string): boolean => {
    const t = peek();
    return t !== undefined && t.t === 'word' && t.v === w;
  };
  const val = (): Val => {
    const t = toks[pos++];
    if (t?.t === 'str') return { literal: t.v };
    if (t?.t === 'word' && t.v === 'field') {
      const name = toks[pos++];
      if (name?.t !== 'str') throw new FilterParseError('expected a quoted column name after field');
      return { field: name.v };
    }
    throw new FilterParseError(`unexpected ${t === undefined ? 'end of expression' : describe(t)}`);
  };
  const atom = (): FilterExpr => {
    const t = peek();
    if (t === undefined) throw new FilterParseError('unexpected end of expression');
    if (t.t === '(') {
      pos++;
      const e = orExpr();
      if (peek()?.t !== ')') throw new FilterParseError('expected )');
      pos++;
      return e;
    }
    if (isWord('not')) {
      pos++;
      return { op: 'not', e: atom() };
    }
    if (isWord('true') || isWord('false')) {
      pos++;
      return { op: t.t === 'word' && t.v === 'true' ? 'true' : 'false' };
    }
    const a = val();
    if (peek()?.t !== '=') throw new FilterParseError('expected =');
    pos++;
    return { op: 'eq', a, b: val() };
  };
  const andExpr = (): FilterExpr => {
    let e = atom();
    while (isWord('and')) {
      pos++;
      e = { op: 'and', a: e, b: atom() };
    }
    return e;
  };
  const orExpr = (): FilterExpr => {
    let e = andExpr();
    while (isWord('or')) {
      pos++;
      e = { op: 'or', a: e, b: andExpr() };
    }
    return e;
  };
  const e = orExpr();
  const rest = peek();
  if (rest !== undefined) throw new FilterParseError(`unexpected ${describe(rest)}`);
  return e;
}

function describe(t: Token): string {
  return t.t === 'word' || t.t === 'str' ? JSON.stringify(t.v) : t.t;
}

/** A value as the database's string column holds it. */
export function dbString(v: XenValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatDouble(v);
  if (v instanceof Date) return formatXapiDate(v);
  const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(v)) return `(${(v as readonly XenValue[]).map((x) => quote(dbString(x))).join(' ')})`;
  const entries = Object.keys(v).map((k) => `(${quote(k)} ${quote(dbString((v as XenStruct)[k]!))})`);
  return `(${entries.join(' ')})`;
}

/** The record's value of a database column: `name__label` or the wire name `name_label`. */
function column(record: XenStruct, name: string): string {
  const direct = record[name];
  if (direct !== undefined) return dbString(direct);
  const wire = record[name.replace(/__/g, '_')];
  return wire === undefined ? '' : dbString(wire);
}

export function evalFilter(e: FilterExpr, record: XenStruct): boolean {
  switch (e.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !evalFilter(e.e, record);
    case 'and':
      return evalFilter(e.a, record) && evalFilter(e.b, record);
    case 'or':
      return evalFilter(e.a, record) || evalFilter(e.b, record);
    case 'eq': {
      const side = (v: Val): string => ('field' in v ? column(record, v.field) : v.literal);
      return side(e.a) === side(e.b);
    }
  }
}
