// One verb per explicit message: the first Ref parameter of the noun's class is the positional <obj>,
// every other parameter a flag named after it; Ref flags take selectors.
import type { ClassDef, MessageDef, ParamDef, XenStruct, XenType, XenValue } from '../../model/types.js';
import { formatType, zeroValue } from '../../model/index.js';
import type { CommandResult, CommandSpec, FlagSpec, ParsedArgs } from '../spec.js';
import { flagList, posString } from '../spec.js';
import { confirmOrStop, type Ctx } from '../context.js';
import { canPrompt, confirmQuestion, needsConfirmation, terminalPrompter } from '../prompt.js';
import { isSecretParam } from '../../model/secrets.js';
import { UsageError } from '../errors.js';
import { refResolver, resolveSelector } from '../select.js';
import { parseValue } from '../values.js';
import { created } from './create.js';
import { flagOf, nounOf, verbOf, wireOf } from './names.js';
import { progressLine } from '../progress.js';
import { taskStopOptions } from '../interrupt.js';

/** The parameter that becomes the positional object, if any. */
export function objectParam(cls: ClassDef, msg: MessageDef): ParamDef | undefined {
  return msg.params.find((p) => p.type.kind === 'ref' && p.type.cls === cls.name);
}

function metavarOf(t: XenType): string {
  switch (t.kind) {
    case 'map':
      return 'KEY=VALUE';
    case 'set':
    case 'option':
      return metavarOf(t.of);
    case 'enum':
      return t.name.toUpperCase();
    case 'ref':
      return t.cls.toUpperCase();
    case 'record':
      return 'RECORD';
    default:
      return t.kind.toUpperCase();
  }
}

/** A secret parameter (a password) is never a value on the command line: its flag names a file holding it. */
function secretFlagFor(p: ParamDef): FlagSpec {
  return {
    name: `${flagOf(p.name)}-file`,
    kind: 'string',
    param: p.name,
    metavar: 'FILE',
    secret: true,
    summary: `a file holding the ${p.name}, readable by its owner only (asked without echo on a terminal when left out)`,
  };
}

function flagFor(cls: ClassDef, p: ParamDef): FlagSpec {
  if (p.type.kind === 'string' && isSecretParam(cls.name, p.name)) return secretFlagFor(p);
  const t = p.type;
  const many = t.kind === 'set' || t.kind === 'map';
  const hint = t.kind === 'map' ? ' (KEY=VALUE, repeatable)' : t.kind === 'set' ? ' (repeatable or comma-separated)' : t.kind === 'ref' ? ' (name, uuid or ref)' : '';
  return {
    name: flagOf(p.name),
    kind: t.kind === 'bool' ? 'bool' : 'xen',
    type: t,
    param: p.name,
    ...(p.required && t.kind !== 'bool' ? { required: true } : {}),
    ...(many ? { repeatable: true } : {}),
    metavar: metavarOf(t),
    summary: `${formatType(t)}${hint}`,
  };
}

async function secretArg(ctx: Ctx, p: ParamDef, flag: FlagSpec, args: ParsedArgs): Promise<XenValue> {
  const file = args.flags[flag.name];
  const { readPasswordFile } = await import('../../config/password.js');
  if (typeof file === 'string') return readPasswordFile(file);
  if (!canPrompt(ctx.io)) {
    if (!p.required) return p.default ?? '';
    throw new UsageError(`missing --${flag.name} (the ${p.name} is read from a file, or asked on a terminal)`);
  }
  return terminalPrompter(ctx.io.promptOutput).password(`${p.name}:`);
}

async function argFor(ctx: Ctx, p: ParamDef, flag: FlagSpec, args: ParsedArgs): Promise<XenValue> {
  if (flag.secret === true) return secretArg(ctx, p, flag, args);
  const what = `--${flag.name}`;
  const given = args.flags[flag.name];
  const refs = refResolver(ctx);
  if (given === undefined) {
    if (p.required && p.type.kind !== 'bool') throw new UsageError(`missing ${what}`);
    return p.default ?? zeroValue(p.type);
  }
  if (typeof given === 'boolean') return given;
  const t: XenType = p.type;
  if (t.kind === 'set' || t.kind === 'map') {
    const out: XenValue[] = [];
    const map: Record<string, XenValue> = {};
    for (const text of flagList(args, flag.name)) {
      const v = await parseValue(ctx.model, t, text, what, refs);
      if (Array.isArray(v)) out.push(...(v as readonly XenValue[]));
      else if (typeof v === 'object' && !(v instanceof Date)) Object.assign(map, v);
    }
    return t.kind === 'set' ? out : (map as XenStruct);
  }
  const text = typeof given === 'string' ? given : flagList(args, flag.name).at(-1) ?? '';
  return parseValue(ctx.model, t, text, what, refs);
}

async function resultOf(ctx: Ctx, msg: MessageDef, value: XenValue): Promise<CommandResult> {
  const t = msg.result;
  if (t.kind === 'void') return { kind: 'none' };
  if (t.kind === 'ref' && typeof value === 'string') return created(ctx, t.cls, value);
  if ((t.kind === 'record' || t.kind === 'map') && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
    return { kind: 'record', ...(t.kind === 'record' ? { cls: t.cls } : {}), record: value as XenStruct };
  }
  if (t.kind === 'set' && t.of.kind === 'ref' && Array.isArray(value)) {
    return { kind: 'rows', rows: (value as readonly XenValue[]).map((ref) => ({ ref })) };
  }
  return { kind: 'scalar', value };
}

/** Runs the message; one with an Async twin goes through its task, with progress on a terminal's stderr. */
async function invoke(ctx: Ctx, msg: MessageDef, values: readonly XenValue[]): Promise<XenValue> {
  const client = await ctx.client();
  if (!msg.async || client.callAsync === undefined) return client.call(wireOf(msg), values);
  const progress = ctx.io.isTTY.stderr && !ctx.globals.quiet ? progressLine(ctx, wireOf(msg)) : undefined;
  try {
    const value = await client.callAsync(wireOf(msg), values, {
      ...(progress === undefined ? {} : { onProgress: progress.update }),
      ...taskStopOptions(ctx),
    });
    // Interrupted, but the task ended well before the cancel reached it: say so, the change is made.
    if (ctx.io.signal?.aborted === true) ctx.note(`${wireOf(msg)} had already finished on the server: it was not cancelled`);
    return value;
  } finally {
    progress?.done();
  }
}

export function messageCommand(cls: ClassDef, msg: MessageDef): CommandSpec {
  const noun = nounOf(cls.name);
  const obj = objectParam(cls, msg);
  const others = msg.params.filter((p) => p !== obj);
  const flags = others.map((p) => flagFor(cls, p));
  /** The call's arguments for one object (`objRef`), the other parameters from the flags. */
  const valuesFor = async (ctx: Ctx, args: ParsedArgs, objRef: string | undefined): Promise<XenValue[]> => {
    const values: XenValue[] = [];
    for (const p of msg.params) {
      if (p === obj) {
        values.push(objRef ?? '');
        continue;
      }
      const flag = flags[others.indexOf(p)];
      if (flag !== undefined) values.push(await argFor(ctx, p, flag, args));
    }
    return values;
  };
  return {
    noun,
    verb: verbOf(msg.name),
    summary: msg.description,
    // The object may instead be chosen with --where (several with --multiple): see parse.ts.
    positionals: obj === undefined ? [] : [{ name: noun, required: true, summary: `the ${noun} (name-label, uuid, uuid prefix or OpaqueRef), or --where EXPR [--multiple]` }],
    flags,
    message: wireOf(msg),
    roles: msg.roles,
    ...(obj === undefined ? {} : { selectsByWhere: true }),
    async run(ctx, args) {
      const selector = posString(args, noun);
      if (obj !== undefined && selector === undefined) {
        if (ctx.globals.where.length === 0) throw new UsageError(`missing <${noun}> (or --where to choose objects)`);
        const { runBulkVerb } = await import('../bulk/verb.js');
        // The other arguments (Ref flags resolved) once; each object takes its place among them.
        const shared = await valuesFor(ctx, args, undefined);
        const at = msg.params.indexOf(obj);
        const valuesOf = (ref: string): XenValue[] => shared.map((v, i) => (i === at ? ref : v));
        return runBulkVerb(ctx, cls, verbOf(msg.name), async (ref, single) => {
          if (!single) {
            const value = await (await ctx.client()).call(wireOf(msg), valuesOf(ref));
            return msg.result.kind === 'void' ? { kind: 'none' } : { kind: 'scalar', value };
          }
          if (needsConfirmation(msg.name)) await confirmOrStop(ctx, confirmQuestion(verbOf(msg.name), noun, ref));
          return resultOf(ctx, msg, await invoke(ctx, msg, valuesOf(ref)));
        });
      }
      const objRef = obj === undefined ? undefined : await resolveSelector(ctx, cls, selector ?? '');
      if (needsConfirmation(msg.name)) await confirmOrStop(ctx, confirmQuestion(verbOf(msg.name), noun, selector ?? ''));
      return resultOf(ctx, msg, await invoke(ctx, msg, await valuesFor(ctx, args, objRef)));
    },
  };
}
