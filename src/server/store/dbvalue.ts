// Typed values <-> the strings state.db holds, by the field's type.
import type { Model, XenStruct, XenType, XenValue } from '../../model/types.js';
import { parseSExpr, quoteAtom, type SNode } from './sexpr.js';

const STRING: XenType = { kind: 'string' };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** `20250319T04:16:24Z`, as state.db and XML-RPC spell datetimes. */
export function formatDbDate(d: Date): string {
  const t = Number.isNaN(d.getTime()) ? new Date(0) : d;
  return `${pad(t.getUTCFullYear(), 4)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}T` +
    `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}Z`;
}

const DB_DATE = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):?(\d{2}):?(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseDbDate(text: string): Date {
  const m = DB_DATE.exec(text.trim());
  if (m === null) return new Date(0);
  const zone = m[8] === undefined || m[8] === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${zone}`);
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

function formatFloat(n: number): string {
  return String(n);
}

/** The state.db spelling of a typed value. */
export function toDbString(type: XenType, value: XenValue): string {
  switch (type.kind) {
    case 'option':
      return toDbString(type.of, value);
    case 'set': {
      const items = Array.isArray(value) ? (value as readonly XenValue[]) : [];
      return `(${items.map((v) => quoteAtom(toDbString(type.of, v))).join(' ')})`;
    }
    case 'map':
    case 'record': {
      if (typeof value !== 'object' || value instanceof Date || Array.isArray(value)) return '()';
      const vt = type.kind === 'map' ? type.value : STRING;
      const parts: string[] = [];
      const struct = value as XenStruct;
      for (const key of Object.keys(struct)) {
        parts.push(`(${quoteAtom(key)} ${quoteAtom(toDbString(vt, struct[key] as XenValue))})`);
      }
      return `(${parts.join(' ')})`;
    }
    default:
      return scalarToDb(value);
  }
}

function scalarToDb(value: XenValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return formatDbDate(value);
  return toDbString(Array.isArray(value) ? { kind: 'set', of: STRING } : { kind: 'map', key: STRING, value: STRING }, value);
}

const EMPTY_SET: readonly XenValue[] = Object.freeze([]);
const EMPTY_MAP: XenStruct = Object.freeze(Object.create(null) as XenStruct);

function parseInt64(text: string): bigint {
  const t = text.trim();
  if (/^[-+]?\d+$/.test(t)) return BigInt(t);
  const n = Number(t);
  return Number.isFinite(n) ? BigInt(Math.trunc(n)) : 0n;
}

function nodeText(node: SNode): string {
  return typeof node === 'string' ? node : '';
}

function listOf(node: SNode): SNode[] {
  if (Array.isArray(node)) return node;
  if (node === '') return [];
  return listOf(parseSExpr(node));
}

function fromNode(model: Model | undefined, type: XenType, node: SNode): XenValue {
  switch (type.kind) {
    case 'option':
      return fromNode(model, type.of, node);
    case 'set':
      return listOf(node).map((item) => fromNode(model, type.of, item));
    case 'map':
    case 'record': {
      const vt = type.kind === 'map' ? type.value : STRING;
      const out: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
      for (const pair of listOf(node)) {
        if (!Array.isArray(pair) || pair.length < 2) continue;
        out[nodeText(pair[0] as SNode)] = fromNode(model, vt, pair[1] as SNode);
      }
      return out;
    }
    case 'int':
      return parseInt64(nodeText(node));
    case 'float':
      return Number(nodeText(node));
    case 'bool':
      return nodeText(node).trim().toLowerCase() === 'true';
    case 'datetime':
      return parseDbDate(nodeText(node));
    case 'enum': {
      const text = nodeText(node);
      const values = model?.enums.get(type.name)?.values;
      if (values === undefined || values.includes(text)) return text;
      const lower = text.toLowerCase();
      return values.find((v) => v.toLowerCase() === lower) ?? text;
    }
    default:
      return nodeText(node);
  }
}

/** The typed value of a state.db string; malformed text gives the type's closest value rather than throwing. */
export function fromDbString(model: Model | undefined, type: XenType, text: string): XenValue {
  if (type.kind === 'option') return fromDbString(model, type.of, text);
  if (type.kind === 'set' || type.kind === 'map' || type.kind === 'record') {
    // Most containers of a big state are empty: they share one frozen empty value, as seeded records do (records
    // are never changed in place), instead of 60,000 records holding a dictionary-mode object each.
    if (text === '()') return type.kind === 'set' ? EMPTY_SET : EMPTY_MAP;
    try {
      return fromNode(model, type, parseSExpr(text));
    } catch {
      return fromNode(model, type, '');
    }
  }
  return fromNode(model, type, text);
}

/** A type for a value the model has no field for (private tables), so it survives a restart with its kind. */
export function inferType(value: XenValue): XenType {
  if (typeof value === 'string') return STRING;
  if (typeof value === 'bigint') return { kind: 'int' };
  if (typeof value === 'number') return { kind: 'float' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (value instanceof Date) return { kind: 'datetime' };
  if (Array.isArray(value)) {
    const first = (value as readonly XenValue[])[0];
    return { kind: 'set', of: first === undefined ? STRING : inferType(first) };
  }
  const first = Object.values(value as XenStruct)[0];
  return { kind: 'map', key: STRING, value: first === undefined ? STRING : inferType(first) };
}

/** A short spelling of an inferred type: `int`, `set:int`, `map:set:string`. */
export function typeCode(type: XenType): string {
  if (type.kind === 'option') return typeCode(type.of);
  if (type.kind === 'set') return `set:${typeCode(type.of)}`;
  if (type.kind === 'map') return `map:${typeCode(type.value)}`;
  if (type.kind === 'int' || type.kind === 'float' || type.kind === 'bool' || type.kind === 'datetime') return type.kind;
  return 'string';
}

export function typeFromCode(code: string): XenType {
  if (code.startsWith('set:')) return { kind: 'set', of: typeFromCode(code.slice(4)) };
  if (code.startsWith('map:')) return { kind: 'map', key: STRING, value: typeFromCode(code.slice(4)) };
  if (code === 'int' || code === 'float' || code === 'bool' || code === 'datetime') return { kind: code };
  return STRING;
}
