// last_booted_record: the VM record as it was at boot, in the S-expression form xapi stores it in.
import type { XenStruct, XenValue } from '../../model/types.js';
import { formatDbDate } from '../store/dbvalue.js';
import { quoteAtom } from '../store/sexpr.js';

function sexp(value: XenValue): string {
  if (typeof value === 'string') return quoteAtom(value);
  if (typeof value === 'bigint') return quoteAtom(value.toString());
  if (typeof value === 'number') return `('double' ${quoteAtom(String(value))})`;
  if (typeof value === 'boolean') return `('boolean' '${value ? 1 : 0}')`;
  if (value instanceof Date) return `('dateTime.iso8601' '${formatDbDate(value)}')`;
  if (Array.isArray(value)) return `('array'${(value as readonly XenValue[]).map((v) => ` ${sexp(v)}`).join('')})`;
  const struct = value as XenStruct;
  return `('struct'${Object.keys(struct).map((k) => ` (${quoteAtom(k)} ${sexp(struct[k] as XenValue)})`).join('')})`;
}

const LEFT_OUT = new Set(['last_booted_record', 'profile', 'requires_memory', 'requires_tpm', 'requires_bandwidth',
  'requires_cpu_features']);

export function bootRecord(vm: XenStruct): string {
  const parts: string[] = [];
  for (const k of Object.keys(vm)) if (!LEFT_OUT.has(k)) parts.push(` (${quoteAtom(k)} ${sexp(vm[k] as XenValue)})`);
  return `('struct'${parts.join('')})`;
}
