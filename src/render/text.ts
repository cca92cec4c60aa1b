// Values as text for the text formats (table, csv, value, minimal): xe's spellings for sets and maps.
import type { XenStruct, XenValue } from '../model/types.js';
import type { Unit } from './types.js';
import { isStruct } from '../model/values.js';

export function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Plain text of a value: sets as `a; b`, maps as `k: v; k2: v2`, dates ISO-8601, ints as digits. */
export function valueText(v: XenValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return isoDate(v);
  if (Array.isArray(v)) return (v as readonly XenValue[]).map((x) => valueText(x)).join('; ');
  return Object.entries(v as XenStruct).map(([k, x]) => `${k}: ${valueText(x)}`).join('; ');
}

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

function shortNumber(n: number): string {
  return n >= 100 || Number.isInteger(n) ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, '');
}

/** `2147483648` bytes -> `2 GiB`; Mbit/s -> `10 Gbit/s`; ms -> `5 ms`. Non-numbers pass through. */
export function humanise(v: XenValue | undefined, unit: Unit): string {
  if (typeof v !== 'bigint' && typeof v !== 'number') return valueText(v);
  let n = Number(v);
  if (unit === 'ms') return `${n} ms`;
  if (unit === 'mbit') return n >= 1000 ? `${shortNumber(n / 1000)} Gbit/s` : `${n} Mbit/s`;
  let i = 0;
  while (Math.abs(n) >= 1024 && i < BINARY.length - 1) {
    n /= 1024;
    i++;
  }
  return `${shortNumber(n)} ${BINARY[i] ?? 'B'}`;
}
