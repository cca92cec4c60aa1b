// `<noun> create field=value...` and `<noun> destroy <obj>` over the class's generated constructor/destructor.
import type { ClassDef, XenStruct, XenValue } from '../../model/types.js';
import type { CommandSpec, CommandResult } from '../spec.js';
import { posList, posString } from '../spec.js';
import { confirmOrStop, type Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { refResolver, resolveSelector } from '../select.js';
import { parseValue } from '../values.js';
import { parseAssignment } from './assign.js';
import { constructorFields, createFieldHelp } from './field-help.js';

import { FIELD_NAMES } from '../wire-names.js';
import { fieldCliName, implicitMessage, nounOf, wireOf } from './names.js';
import { isStruct } from '../../model/values.js';

const OBJ = 'name-label, uuid, uuid prefix (6+) or OpaqueRef';

/** What a mutation created: its ref and uuid (looked up when the class has one). */
export async function created(ctx: Ctx, clsName: string, ref: string): Promise<CommandResult> {
  const cls = ctx.model.findClass(clsName);
  const getUuid = cls === undefined ? undefined : implicitMessage(cls, 'get_field', FIELD_NAMES.uuid);
  let uuid = '';
  if (getUuid !== undefined) {
    const v = await (await ctx.client()).call(wireOf(getUuid), [ref]);
    if (typeof v === 'string') uuid = v;
  }
  return { kind: 'created', cls: clsName, ref, uuid };
}

export function createCommand(cls: ClassDef): CommandSpec | undefined {
  const msg = implicitMessage(cls, 'create');
  if (msg === undefined || cls.messages.some((m) => m.name === msg.name && m.implicit === undefined)) return undefined;
  const noun = nounOf(cls.name);
  return {
    noun,
    verb: 'create',
    summary: `Create a ${noun} from field=value pairs (map-field:key=value sets a key)`,
    helpDetails: () => createFieldHelp(cls),
    positionals: [{ name: 'assignment', required: false, variadic: true, summary: 'field=value ...' }],
    flags: [],
    message: wireOf(msg),
    roles: msg.roles,
    async run(ctx, args) {
      const accepted = new Set(constructorFields(cls).map((f) => f.name));
      const record: Record<string, XenValue> = {};
      const refs = refResolver(ctx);
      for (const text of posList(args, 'assignment')) {
        const a = parseAssignment(cls, text);
        const what = fieldCliName(a.field.name);
        if (!accepted.has(a.field.name)) throw new UsageError(`${what} cannot be given to create (the server fills it in)`);
        if (a.key !== undefined) {
          const prev = record[a.field.name];
          const map: Record<string, XenValue> = prev !== undefined && isStruct(prev) ? { ...prev } : {};
          const valueType = a.field.type.kind === 'map' ? a.field.type.value : a.field.type;
          map[a.key] = await parseValue(ctx.model, valueType, a.text, what, refs);
          record[a.field.name] = map;
        } else if (a.op === '=') {
          record[a.field.name] = await parseValue(ctx.model, a.field.type, a.text, what, refs);
        } else {
          throw new UsageError(`create takes ${what}=a,b for a set, not ${what}${a.op}`);
        }
      }
      const ref = await (await ctx.client()).call(wireOf(msg), [record as XenStruct]);
      if (typeof ref !== 'string') throw new UsageError(`unexpected reply to ${wireOf(msg)}`);
      return created(ctx, cls.name, ref);
    },
  };
}

export function destroyCommand(cls: ClassDef): CommandSpec | undefined {
  const msg = implicitMessage(cls, 'destroy');
  if (msg === undefined || cls.messages.some((m) => m.name === msg.name && m.implicit === undefined)) return undefined;
  const noun = nounOf(cls.name);
  return {
    noun,
    verb: 'destroy',
    summary: `Destroy a ${noun}`,
    positionals: [{ name: noun, required: true, summary: OBJ }],
    flags: [],
    message: wireOf(msg),
    roles: msg.roles,
    selectsByWhere: true,
    async run(ctx, args) {
      if (posString(args, noun) === undefined && ctx.globals.where.length > 0) {
        const { runBulkVerb } = await import('../bulk/verb.js');
        return runBulkVerb(ctx, cls, 'destroy', async (ref, single) => {
          if (single) await confirmOrStop(ctx, `Destroy ${noun} ${ref}?`);
          await (await ctx.client()).call(wireOf(msg), [ref]);
          return { kind: 'none' };
        });
      }
      const sel = posString(args, noun) ?? '';
      const ref = await resolveSelector(ctx, cls, sel);
      await confirmOrStop(ctx, `Destroy ${noun} ${sel}?`);
      await (await ctx.client()).call(wireOf(msg), [ref]);
      return { kind: 'none' };
    },
  };
}
