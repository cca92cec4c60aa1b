// Narrowing raw XenValues read back from the server, and the names of objects for messages and tables.
import type { XenStruct, XenValue } from '../../../model/types.js';
import type { Caller } from '../../context.js';
import { F, REF_NULL_SUFFIX } from './names.js';

export function struct(v: XenValue | undefined): XenStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) ? (v as XenStruct) : {};
}

export function str(v: XenValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

export function strs(v: XenValue | undefined): string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];
}

export function int(v: XenValue | undefined): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return 0n;
}

export function isRef(v: string): boolean {
  return v !== '' && !v.endsWith(REF_NULL_SUFFIX);
}

/** ref -> record of every object a get_all_records returns. */
export async function allRecords(caller: Caller, method: string): Promise<Map<string, XenStruct>> {
  return new Map(Object.entries(struct(await caller.call(method, []))).map(([ref, r]) => [ref, struct(r)]));
}

export function nameOf(records: ReadonlyMap<string, XenStruct>, ref: string): string {
  return str(records.get(ref)?.[F.nameLabel]) || ref;
}

const GiB = 1024n ** 3n;
const MiB = 1024n ** 2n;

/** Bytes as the server's qualification texts write them (`16 GiB`, `512 MiB`, `1234 bytes`). */
export function bytesText(n: bigint): string {
  if (n !== 0n && n % GiB === 0n) return `${n / GiB} GiB`;
  if (n !== 0n && n % MiB === 0n) return `${n / MiB} MiB`;
  if (n >= GiB) return `${(Number(n) / Number(GiB)).toFixed(1)} GiB`;
  return `${n} bytes`;
}
