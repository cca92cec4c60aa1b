// `xenctl call <Class.message> [args...]`: any API call by its wire name, the session added; the result in any
// output format. `xenctl call --xml`: methodCall documents from stdin, the server's replies untouched (call-xml.ts).
import type { MessageDef, Model, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { ASYNC_PREFIX } from '../../client/names.js';
import { closest } from '../suggest.js';
import type { CommandResult, CommandSpec } from '../spec.js';
import { posList, posString } from '../spec.js';
import type { Ctx } from '../context.js';
import { HintedError, UsageError } from '../errors.js';
import { refResolver } from '../select.js';
import { isStruct } from '../../model/values.js';
import { compileWhere } from '../where.js';

/** Records as records (of their class), a ref -> record map as rows with a `ref` column; anything else as is. */
export function callResult(msg: MessageDef | undefined, value: XenValue): CommandResult {
  const t = msg?.result;
  if (t?.kind === 'void') return { kind: 'none' };
  if (t?.kind === 'record' && isStruct(value)) return { kind: 'record', cls: t.cls, record: value };
  if (t?.kind === 'map' && t.key.kind === 'ref' && t.value.kind === 'record' && isStruct(value)) {
    const rows = Object.entries(value).map(([ref, rec]) => ({ ref, ...(isStruct(rec) ? rec : {}) }));
    return { kind: 'rows', cls: t.value.cls, rows };
  }
  if (isStruct(value)) return { kind: 'record', record: value };
  return { kind: 'scalar', value };
}

/** Known wire names near one the server does not know: the same name in other case, else the closest. */
function nearMethods(model: Model, method: string): string[] {
  const async = method.toLowerCase().startsWith(ASYNC_PREFIX.toLowerCase()) ? ASYNC_PREFIX : '';
  const bare = method.slice(async.length);
  const names = [...model.classes.values()].flatMap((c) => c.messages.map((m) => `${c.name}.${m.name}`));
  const same = names.filter((n) => n.toLowerCase() === bare.toLowerCase());
  return (same.length > 0 ? same : closest(bare, names)).map((n) => `${async}${n}`);
}

/** The class whose records the message returns as a ref -> record map (get_all_records): what --where filters. */
function recordsClass(msg: MessageDef | undefined): string | undefined {
  const t = msg?.result;
  return t?.kind === 'map' && t.key.kind === 'ref' && t.value.kind === 'record' ? t.value.cls : undefined;
}

async function runCall(ctx: Ctx, method: string, texts: readonly string[]): Promise<CommandResult> {
  const { callArgs } = await import('./call-args.js');
  // --where filters the records a call returns; anywhere else it would be ignored, so it is refused before the call.
  const whereCls = ctx.globals.where.length === 0 ? undefined : recordsClass(ctx.model.findMessage(method));
  if (ctx.globals.where.length > 0 && whereCls === undefined) {
    throw new UsageError(`--where filters the records a call returns (Class.get_all_records), not the result of ${method}`);
  }
  const cls = whereCls === undefined ? undefined : ctx.model.findClass(whereCls);
  const where = cls === undefined ? undefined : await compileWhere(ctx.model, cls, ctx.globals.where, refResolver(ctx));
  const values = await callArgs(ctx.model, method, texts, refResolver(ctx));
  let value: XenValue;
  try {
    value = await (await ctx.client()).call(method, values);
  } catch (e) {
    const near = e instanceof XenApiError && e.code === ERR.MESSAGE_METHOD_UNKNOWN ? nearMethods(ctx.model, method) : [];
    if (near.length > 0) throw new HintedError(e, `did you mean ${near.map((n) => `'${n}'`).join(' or ')}?`);
    throw e;
  }
  // Async.X is not in the model (it returns a task ref, whatever X returns): shown as is.
  const result = callResult(ctx.model.findMessage(method), value);
  return where !== undefined && result.kind === 'rows' ? { ...result, rows: result.rows.filter((r) => where.match(r)) } : result;
}

export const CALL_COMMAND: CommandSpec = {
  noun: 'call',
  summary: 'Make any API call by its wire name (VM.get_record REF), or send methodCall documents from stdin (--xml)',
  description:
    'Each argument is read as a JSON literal when it is one (42, 1.5, true, "text", ["a"], {"k": "v"}), else as a\n' +
    'string; the message\'s parameter types convert it (a Ref parameter also takes a name-label or uuid). The\n' +
    'session is added. A message the datamodel does not know is sent as written.\n' +
    'With --xml, stdin holds methodCall documents back to back (e.g. from `--dry-run -o xml`); an empty first\n' +
    'parameter is replaced by the live session; they are sent in order over XML-RPC and each methodResponse is\n' +
    'written to stdout as the server sent it, followed by a newline. Exit 1 if any reply is a Failure.',
  positionals: [
    { name: 'method', required: false, summary: 'the wire name, Class.message (or Async.Class.message)' },
    { name: 'arg', required: false, variadic: true, summary: 'arguments after the session' },
  ],
  flags: [{ name: 'xml', kind: 'bool', summary: 'read methodCall documents from stdin, print the replies untouched' }],
  async run(ctx, args) {
    const method = posString(args, 'method');
    if (args.flags['xml'] === true) {
      if (method !== undefined) throw new UsageError('call --xml reads its calls from stdin: give no method or arguments');
      if (ctx.globals.where.length > 0) throw new UsageError('call --xml prints the replies untouched: --where cannot filter them');
      return (await import('./call-xml.js')).runCallXml(ctx);
    }
    if (method === undefined || method === '') throw new UsageError('missing <method> (Class.message), or --xml to read calls from stdin');
    if (!/^[A-Za-z_][\w.]*\.[\w]+$/.test(method)) throw new UsageError(`'${method}' is not a wire name of the form Class.message`);
    return runCall(ctx, method, posList(args, 'arg'));
  },
};
