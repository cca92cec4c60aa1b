// `<noun> set <obj> field=value...`: setters, map keys (remove then add; -=KEY removes) and set members (+= / -=).
import type { ClassDef, XenType, XenValue } from '../../model/types.js';
import type { CommandResult, CommandSpec } from '../spec.js';
import { posList, posString } from '../spec.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { refResolver, resolveSelector } from '../select.js';
import { parseValue } from '../values.js';
import { accessor, settableFields } from './access.js';
import { parseAssignment, type Assignment } from './assign.js';
import { setFieldHelp } from './field-help.js';
import { fieldCliName, nounOf, wireOf } from './names.js';

interface Call {
  readonly method: string;
  readonly args: readonly XenValue[];
}

function memberType(t: XenType): XenType {
  return t.kind === 'set' ? t.of : t.kind === 'map' ? t.value : t;
}

async function callsFor(ctx: Ctx, cls: ClassDef, ref: string, a: Assignment): Promise<Call[]> {
  const what = fieldCliName(a.field.name);
  const refs = refResolver(ctx);
  const readOnly = (): never => {
    throw new UsageError(`${what} cannot be set (it is read-only)`);
  };
  if (a.field.extension === true && a.key === undefined) {
    const [{ hasExtensions }, { plainExtensionSet }] = await Promise.all([import('../commands/ext/detect.js'), import('../commands/ext/plain-set.js')]);
    if (!(await hasExtensions(ctx))) {
      const type = a.op === '=' ? a.field.type : memberType(a.field.type);
      return plainExtensionSet(ctx, cls.name, a.field.name, ref, a.op, await parseValue(ctx.model, type, a.text, what, refs));
    }
  }
  if (a.key !== undefined) {
    const remove = accessor(cls, 'remove_from_map', a.field) ?? readOnly();
    if (a.op === '-=') return [{ method: wireOf(remove), args: [ref, a.key] }];
    const add = accessor(cls, 'add_to_map', a.field) ?? readOnly();
    const value = await parseValue(ctx.model, memberType(a.field.type), a.text, `${what}:${a.key}`, refs);
    return [{ method: wireOf(remove), args: [ref, a.key] }, { method: wireOf(add), args: [ref, a.key, value] }];
  }
  if (a.op !== '=') {
    if (a.text === '') throw new UsageError(`${what}${a.op} needs a value`);
    const msg = accessor(cls, a.op === '+=' ? 'add_to_set' : 'remove_from_set', a.field) ?? readOnly();
    const value = await parseValue(ctx.model, memberType(a.field.type), a.text, what, refs);
    return [{ method: wireOf(msg), args: [ref, value] }];
  }
  const setter = accessor(cls, 'set_field', a.field) ?? readOnly();
  return [{ method: wireOf(setter), args: [ref, await parseValue(ctx.model, a.field.type, a.text, what, refs)] }];
}

function assignmentText(a: Assignment): string {
  return `${fieldCliName(a.field.name)}${a.key === undefined ? '' : `:${a.key}`}${a.op}${a.text}`;
}

export function setCommand(cls: ClassDef): CommandSpec | undefined {
  const fields = settableFields(cls);
  if (fields.length === 0) return undefined;
  const noun = nounOf(cls.name);
  const help = setFieldHelp(cls, fields);
  return {
    noun,
    verb: 'set',
    summary: `Change fields of a ${noun}: field=value, map-field:key=value, set-field+=v, set-field-=v`,
    description: `Settable fields: ${fields.map((f) => fieldCliName(f.name)).join(', ')}.`,
    helpDetails: help.text,
    roles: help.roles,
    positionals: [
      { name: noun, required: true, summary: 'name-label, uuid, uuid prefix (6+) or OpaqueRef' },
      { name: 'assignment', required: true, variadic: true, summary: 'field=value ...' },
    ],
    flags: [],
    selectsByWhere: true,
    async run(ctx, args) {
      const assignments = posList(args, 'assignment').map((t) => parseAssignment(cls, t));
      const apply = async (ref: string): Promise<CommandResult> => {
        // Every value is parsed (and every name resolved) before the first change is made.
        const planned: Array<{ text: string; calls: Call[] }> = [];
        for (const a of assignments) planned.push({ text: assignmentText(a), calls: await callsFor(ctx, cls, ref, a) });
        const client = await ctx.client();
        const done: string[] = [];
        for (const p of planned) {
          try {
            for (const c of p.calls) await client.call(c.method, c.args);
          } catch (e) {
            // XenAPI has no transaction: say what is already changed, so nobody has to guess.
            if (done.length > 0) ctx.note(`${done.join(', ')} ${done.length === 1 ? 'was' : 'were'} set; ${p.text} failed`);
            throw e;
          }
          done.push(p.text);
        }
        return { kind: 'none' };
      };
      // `set --where EXPR [--multiple] field=value...`: every matching object (parse.ts leaves <obj> out).
      const selector = posString(args, noun);
      if (selector === undefined && ctx.globals.where.length > 0) return (await import('../bulk/verb.js')).runBulkVerb(ctx, cls, 'set', apply);
      return apply(await resolveSelector(ctx, cls, selector ?? ''));
    },
  };
}
