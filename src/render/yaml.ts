// YAML through the yaml package: dates as ISO-8601 strings, ints exact.
import { stringify } from 'yaml';
import type { XenStruct, XenValue } from '../model/types.js';
import type { RenderData, View } from './types.js';
import { columnsOf, project, recordsOf } from './rows.js';
import { isoDate } from './text.js';

type Plain = string | bigint | number | boolean | Plain[] | { [k: string]: Plain };

function plain(v: XenValue): Plain {
  if (v instanceof Date) return isoDate(v);
  if (Array.isArray(v)) return (v as readonly XenValue[]).map(plain);
  if (typeof v === 'object') {
    const out: { [k: string]: Plain } = {};
    for (const [k, x] of Object.entries(v as XenStruct)) out[k] = plain(x);
    return out;
  }
  return v as string | bigint | number | boolean;
}

/**
 * Written so YAML 1.1 readers (PyYAML, Ansible) read the same values as YAML 1.2 ones: a name-label `no`, `on`
 * or `0123` is quoted, not read back as a boolean or an octal. The output is still plain YAML 1.2.
 */
const OPTIONS = { version: '1.1' } as const;

export function renderYaml(data: RenderData, view: View): string {
  if (data.kind === 'scalar') return stringify(plain(data.value), OPTIONS);
  const records = recordsOf(data, view);
  const keys = columnsOf(records, view);
  const shown = records.map((r) => plain(project(r, keys)));
  return stringify(data.kind === 'record' ? shown[0] ?? {} : shown, OPTIONS);
}
