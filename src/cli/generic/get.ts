// `<noun> get <obj> [field...]`: the record, some fields, or one bare value.
import type { ClassDef, XenStruct } from '../../model/types.js';
import type { CommandSpec } from '../spec.js';
import { posList, posString } from '../spec.js';
import { UsageError } from '../errors.js';
import { resolveSelector } from '../select.js';
import { fieldOrThrow } from './assign.js';
import { fieldCliName, implicitMessage, nounOf, wireOf } from './names.js';
import { isStruct } from '../../model/values.js';

const REF = 'ref';

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
        const inner = isStruct(v) ? v[first.key] : undefined;
        if (inner === undefined) throw new UsageError(`${fieldCliName(first.name)} has no key '${first.key}'`);
        return { kind: 'scalar', value: inner };
      }
      const columns = wanted.length > 0 ? wanted.map((w) => w.name) : undefined;
      return { kind: 'record', cls: cls.name, record, ...(columns === undefined ? {} : { view: { columns } }) };
    },
  };
}
