// `<noun> get <obj> [field...]`: the record, some fields, or one bare value.
import type { ClassDef, XenStruct, XenValue } from '../../model/types.js';
import type { CommandSpec } from '../spec.js';
import { posList, posString } from '../spec.js';
import { UsageError } from '../errors.js';
import { resolveSelector } from '../select.js';
import { fieldOrThrow } from './assign.js';
import { fieldCliName, implicitMessage, nounOf, wireOf } from './names.js';
import { isStruct } from '../../model/values.js';

const REF = 'ref';

/** One key of a map field; a key the map lacks is an error, as with one field. */
function keyValue(record: XenStruct, field: string, key: string): XenValue {
  const v = record[field];
  const inner = isStruct(v) ? v[key] : undefined;
  if (inner === undefined) throw new UsageError(`${fieldCliName(field)} has no key '${key}'`);
  return inner;
}

export function getCommand(cls: ClassDef): CommandSpec | undefined {
  const msg = implicitMessage(cls, 'get_record');
  if (msg === undefined) return undefined;
  const noun = nounOf(cls.name);
  return {
    noun,
    verb: 'get',
    summary: `Show a ${noun}'s record, or some of its fields (one field: the bare value)`,
    positionals: [
      { name: noun, required: true, summary: 'name-label, uuid, uuid prefix (6+) or OpaqueRef' },
      { name: 'field', required: false, variadic: true, summary: 'fields to show (name-label, other-config:KEY)' },
    ],
    flags: [],
    message: wireOf(msg),
    roles: msg.roles,
    async run(ctx, args) {
      // get shows one object: a --where here would be silently ignored and the named object shown anyway.
      if (ctx.globals.where.length > 0) {
        throw new UsageError(`get shows one ${noun} and takes no --where: use '${noun} list --where EXPR -c FIELD,...'`);
      }
      const sel = posString(args, noun) ?? '';
      // `ref` is no field of the class, but every record shown carries it first: it may be asked for too.
      const wanted = posList(args, 'field').map((f) => {
        if (f === REF) return { name: REF, key: undefined };
        const colon = f.indexOf(':');
        return { name: fieldOrThrow(cls, colon < 0 ? f : f.slice(0, colon)).name, key: colon < 0 ? undefined : f.slice(colon + 1) };
      });
      const ref = await resolveSelector(ctx, cls, sel);
      const rec = await (await ctx.client()).call(wireOf(msg), [ref]);
      if (!isStruct(rec)) throw new UsageError(`unexpected reply to ${wireOf(msg)}`);
      const record: XenStruct = { ref, ...rec };
      const first = wanted[0];
      if (wanted.length === 1 && first !== undefined) {
        const v = record[first.name];
        if (first.key === undefined) return { kind: 'scalar', value: v ?? '' };
        return { kind: 'scalar', value: keyValue(record, first.name, first.key) };
      }
      if (wanted.every((w) => w.key === undefined)) {
        const columns = wanted.length > 0 ? wanted.map((w) => w.name) : undefined;
        return { kind: 'record', cls: cls.name, record, ...(columns === undefined ? {} : { view: { columns } }) };
      }
      // A map key among several fields is shown on its own (`other_config:owner`), not as the whole map.
      const shown: Record<string, XenValue> = {};
      const columns: string[] = [];
      const headers: Record<string, string> = {};
      for (const w of wanted) {
        const col = w.key === undefined ? w.name : `${w.name}:${w.key}`;
        if (col in shown) continue;
        const v = w.key === undefined ? record[w.name] : keyValue(record, w.name, w.key);
        if (v !== undefined) shown[col] = v;
        columns.push(col);
        if (w.key !== undefined) headers[col] = `${fieldCliName(w.name)}:${w.key}`;
      }
      return { kind: 'record', cls: cls.name, record: shown, view: { columns, headers } };
    },
  };
}
