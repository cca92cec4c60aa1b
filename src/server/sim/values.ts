// Reading typed record fields without casts scattered through the simulator.
import type { XenStruct, XenValue } from '../../model/types.js';
import { NULL_REF } from '../../model/values.js';

export type Fields = Record<string, XenValue>;

export const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

export const int = (v: XenValue | undefined): bigint => (typeof v === 'bigint' ? v : 0n);

export const bool = (v: XenValue | undefined): boolean => v === true;

export function strList(v: XenValue | undefined): string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];
}

export function isRef(v: XenValue | undefined): v is string {
  return typeof v === 'string' && v !== NULL_REF && v !== '';
}

/** A fresh null-prototype map holding the given string map's entries. */
export function strMap(v: XenValue | undefined): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  if (v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
    for (const [k, x] of Object.entries(v as XenStruct)) if (typeof x === 'string') out[k] = x;
  }
  return out;
}

export function fields(entries: Readonly<Record<string, XenValue>> = {}): Fields {
  return Object.assign(Object.create(null) as Fields, entries);
}
