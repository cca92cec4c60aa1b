// `xenctl message list|watch|create|destroy`: xapi's messages (alerts) — name, priority, the object they are about,
// a timestamp and a body. The class's own messages are explicit in the datamodel, so these are written by hand.
import type { ClassDef, XenStruct, XenValue } from '../../model/types.js';
import type { WatchEvent } from '../../client/watch.js';
import type { CommandSpec } from '../spec.js';
import { flagString, posString } from '../spec.js';
import type { Caller, Ctx } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { refResolver, resolveSelector } from '../select.js';
import { enumValue } from '../values.js';
import { compileWhere } from '../where.js';
import { implicitMessage, wireOf } from '../generic/names.js';
import { FIELD_NAMES, REF_PREFIX } from '../wire-names.js';
import { WATCH_FLAGS, oneLine, watchCommand } from './event-watch.js';
import { isStruct } from '../../model/values.js';

const CLASS = 'message';
const M = Object.freeze({
  create: 'message.create',
  destroy: 'message.destroy',
  getAllRecords: 'message.get_all_records',
  getRecord: 'message.get_record',
});
/** Message record fields this file reads. */
const F = Object.freeze({ name: 'name', priority: 'priority', cls: 'cls', objUuid: 'obj_uuid', timestamp: 'timestamp', body: 'body' });
/** The column that shows the object's name (table only). */
const OBJECT_COLUMN = 'object';
const DEFAULT_PRIORITY = '5';
const DEFAULT_CLS = 'Pool';

function messageClass(ctx: Ctx): ClassDef {
  const cls = ctx.model.findClass(CLASS);
  if (cls === undefined) throw new UsageError('the datamodel has no message class');
  return cls;
}

/** uuid → name-label of every object of a class (for the object column). */
async function namesByUuid(client: Caller, cls: ClassDef): Promise<Map<string, string>> {
  const all = implicitMessage(cls, 'get_all_records');
  const out = new Map<string, string>();
  if (all === undefined) return out;
  const map = await client.call(wireOf(all), []);
  if (!isStruct(map)) return out;
  for (const rec of Object.values(map)) {
    if (!isStruct(rec)) continue;
    const uuid = rec[FIELD_NAMES.uuid];
    const name = rec[FIELD_NAMES.nameLabel];
    if (typeof uuid === 'string' && typeof name === 'string') out.set(uuid, name);
  }
  return out;
}

/** Adds the `object` column: the name of the object a message is about (else its uuid). */
async function withObjectNames(ctx: Ctx, rows: readonly XenStruct[]): Promise<XenStruct[]> {
  const client = await ctx.client();
  const names = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const c = String(row[F.cls] ?? '');
    if (names.has(c)) continue;
    const cls = ctx.model.findClass(c);
    names.set(c, cls === undefined ? new Map() : await namesByUuid(client, cls).catch(() => new Map<string, string>()));
  }
  return rows.map((row) => {
    const uuid = String(row[F.objUuid] ?? '');
    const name = names.get(String(row[F.cls] ?? ''))?.get(uuid);
    return { ...row, [OBJECT_COLUMN]: name ?? uuid };
  });
}

function time(v: XenValue | undefined): number {
  return v instanceof Date ? v.getTime() : 0;
}

/** A message by OpaqueRef, uuid or uuid prefix (6+ characters). */
async function resolveMessage(ctx: Ctx, selector: string): Promise<string> {
  if (selector.startsWith(REF_PREFIX)) return selector;
  const client = await ctx.client();
  const map = await client.call(M.getAllRecords, []);
  const want = selector.toLowerCase();
  const hits = isStruct(map) && want.length >= 6
    ? Object.entries(map).filter(([, r]) => isStruct(r) && String(r[FIELD_NAMES.uuid] ?? '').toLowerCase().startsWith(want)).map(([ref]) => ref)
    : [];
  if (hits.length === 1 && hits[0] !== undefined) return hits[0];
  if (hits.length > 1) throw new UsageError(`'${selector}' matches ${hits.length} messages; give the whole uuid`);
  throw new NotFoundError(CLASS, selector);
}

const LIST: CommandSpec = {
  noun: CLASS,
  verb: 'list',
  summary: 'List messages (alerts): time, priority, object, name, body; oldest first',
  positionals: [],
  flags: [],
  message: M.getAllRecords,
  async run(ctx) {
    const { match } = await compileWhere(ctx.model, messageClass(ctx), ctx.globals.where, refResolver(ctx));
    const map = await (await ctx.client()).call(M.getAllRecords, []);
    if (!isStruct(map)) throw new UsageError(`unexpected reply to ${M.getAllRecords}`);
    let rows: XenStruct[] = Object.entries(map)
      .filter((e): e is [string, XenStruct] => isStruct(e[1]) && match(e[1]))
      .map(([ref, rec]): XenStruct => ({ ref, ...rec }))
      .sort((a, b) => time(a[F.timestamp]) - time(b[F.timestamp]));
    const table = ctx.format === 'table' && ctx.globals.columns.length === 0;
    if (table) rows = await withObjectNames(ctx, rows);
    const tableColumns = [F.timestamp, F.priority, F.cls, table ? OBJECT_COLUMN : F.objUuid, F.name, F.body];
    return { kind: 'rows', cls: CLASS, rows, view: { tableColumns, headers: { [F.timestamp]: 'time', [F.cls]: 'class' } } };
  },
};

const CREATE: CommandSpec = {
  noun: CLASS,
  verb: 'create',
  summary: 'Raise a message about an object (default: the pool)',
  positionals: [],
  flags: [
    { name: 'name', kind: 'string', metavar: 'NAME', required: true, summary: 'message name (e.g. BACKUP_FAILED)' },
    { name: 'priority', kind: 'int', metavar: 'N', summary: `1 (most important) .. 5 (information; the default)` },
    { name: 'class', kind: 'string', metavar: 'CLS', summary: 'class of the object: VM, Host, SR, Pool, VDI, ... (default Pool)' },
    { name: 'obj', kind: 'string', metavar: 'OBJ', summary: 'the object: name-label, uuid or OpaqueRef (default: the pool)' },
    { name: 'body', kind: 'string', metavar: 'TEXT', summary: 'message text' },
  ],
  message: M.create,
  async run(ctx, args) {
    const clsField = messageClass(ctx).fields.find((f) => f.name === F.cls);
    const enumName = clsField?.type.kind === 'enum' ? clsField.type.name : F.cls;
    const cls = enumValue(ctx.model, enumName, flagString(args, 'class') ?? DEFAULT_CLS, '--class');
    const target = ctx.model.findClass(cls);
    if (target === undefined) throw new UsageError(`--class ${cls} names no class of this datamodel`);
    const priorityText = flagString(args, 'priority') ?? DEFAULT_PRIORITY;
    if (!/^-?\d+$/.test(priorityText)) throw new UsageError(`--priority takes a whole number, not '${priorityText}'`);
    const client = await ctx.client();
    const obj = flagString(args, 'obj');
    let ref: string;
    if (obj !== undefined) {
      ref = await resolveSelector(ctx, target, obj);
    } else {
      const all = implicitMessage(target, 'get_all');
      const refs = all === undefined ? [] : await client.call(wireOf(all), []);
      const only = Array.isArray(refs) && refs.length === 1 ? refs[0] : undefined;
      if (typeof only !== 'string') throw new UsageError(`give --obj: which ${cls} is the message about?`);
      ref = only;
    }
    const getRecord = implicitMessage(target, 'get_record');
    const rec = getRecord === undefined ? undefined : await client.call(wireOf(getRecord), [ref]);
    const uuid = isStruct(rec) ? rec[FIELD_NAMES.uuid] : undefined;
    if (typeof uuid !== 'string') throw new UsageError(`${cls} ${ref} has no uuid`);
    const created = await client.call(M.create, [flagString(args, 'name') ?? '', BigInt(priorityText), cls, uuid, flagString(args, 'body') ?? '']);
    if (typeof created !== 'string') throw new UsageError(`unexpected reply to ${M.create}`);
    const mrec = await client.call(M.getRecord, [created]);
    const muuid = isStruct(mrec) ? mrec[FIELD_NAMES.uuid] : undefined;
    return { kind: 'created', cls: CLASS, ref: created, uuid: typeof muuid === 'string' ? muuid : '' };
  },
};

const DESTROY: CommandSpec = {
  noun: CLASS,
  verb: 'destroy',
  summary: 'Delete a message',
  positionals: [{ name: 'message', required: true, summary: 'uuid, uuid prefix (6+) or OpaqueRef' }],
  flags: [],
  message: M.destroy,
  async run(ctx, args) {
    const ref = await resolveMessage(ctx, posString(args, 'message') ?? '');
    await (await ctx.client()).call(M.destroy, [ref]);
    return { kind: 'none' };
  },
};

/** A message event as a line: time, operation, priority, class, object uuid, name and body. */
function messageLine(ev: WatchEvent): string {
  const rec = ev.snapshot ?? ev.previous;
  const at = rec?.[F.timestamp];
  const when = at instanceof Date ? at.toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
  const fields = [F.priority, F.cls, F.objUuid, F.name, F.body].map((f) => oneLine(String(rec?.[f] ?? '')));
  return [when, ev.operation, ...fields].join('  ');
}

const WATCH: CommandSpec = {
  noun: CLASS,
  verb: 'watch',
  summary: 'Stream messages as they are raised and deleted; Ctrl-C ends it (exit 0)',
  positionals: [],
  flags: [...WATCH_FLAGS],
  run: (ctx, args) => watchCommand(ctx, args, [CLASS], messageLine),
};

export const MESSAGE_COMMANDS: readonly CommandSpec[] = [LIST, CREATE, DESTROY, WATCH];
