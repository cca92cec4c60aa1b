// `xenctl event watch`: object changes as they happen, one line each (a readable line, or JSON with -o json/ndjson),
// optionally running a command per event. Ends on Ctrl-C (exit 0), after --count events, or at the --timeout
// deadline (exit 3, as for any command but `wait`); each way prints the token reached on stderr, for --since.
// The listener, the JSON writer and child_process load only when a watch runs (this file is on the start-up path).
import type { ClassDef, XenStruct, XenValue } from '../../model/types.js';
import type { WatchEvent } from '../../client/watch.js';
import type { CommandResult, CommandSpec, ParsedArgs } from '../spec.js';
import { flagList, flagString } from '../spec.js';
import type { Ctx } from '../context.js';
import { InterruptedError, UsageError } from '../errors.js';
import { writeOut } from '../io.js';
import { refResolver } from '../select.js';
import { splitList } from '../values.js';
import { compileWhere, type Predicate } from '../where.js';
import { fieldCliName } from '../generic/names.js';
import { FIELD_NAMES } from '../wire-names.js';

const JSON_FORMATS = new Set(['json', 'ndjson']);
const STREAM_FORMATS = new Set(['table', ...JSON_FORMATS]);
const MAX_CHANGES_SHOWN = 6;
const MAX_VALUE_CHARS = 40;

/** The flags every watching command shares. */
export const WATCH_FLAGS = [
  { name: 'since', kind: 'string', metavar: 'TOKEN', summary: 'resume after this token (printed on stderr when a watch ends)' },
  { name: 'exec', kind: 'string', metavar: 'CMD', summary: 'run `sh -c CMD` per event: the event as JSON on stdin, XENCTL_EVENT_* in the environment' },
  { name: 'count', kind: 'int', metavar: 'N', summary: 'stop after N events' },
] as const satisfies CommandSpec['flags'];

/** How one event is shown in the table (default) format. */
export type EventLine = (ev: WatchEvent) => string;
/** A value as one line of JSON (render/json.ts's writer: exact ints, ISO dates). */
type JsonWriter = (v: XenValue) => string;

function isScalar(v: XenValue | undefined): v is string | number | bigint | boolean | Date {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v instanceof Date;
}

/** Text for a one-line display: control characters (newlines, tabs) become spaces. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}

function shortValue(v: string | number | bigint | boolean | Date): string {
  const text = oneLine(v instanceof Date ? v.toISOString().replace(/\.\d{3}Z$/, 'Z') : String(v));
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The default line: time, class, operation, name (or ref), and the fields a `mod` changed. */
export function objectLine(ev: WatchEvent): string {
  const rec = ev.snapshot ?? ev.previous;
  const name = rec?.[FIELD_NAMES.nameLabel];
  const shown = typeof name === 'string' && name !== '' ? oneLine(name) : ev.ref;
  const changes = (ev.changed ?? []).map((f) => {
    const v = ev.snapshot?.[f];
    return isScalar(v) ? `${fieldCliName(f)}=${shortValue(v)}` : fieldCliName(f);
  });
  const more = changes.length > MAX_CHANGES_SHOWN ? [`(+${changes.length - MAX_CHANGES_SHOWN} more)`] : [];
  const tail = [...changes.slice(0, MAX_CHANGES_SHOWN), ...more, ...(ev.resync === true ? ['(resync)'] : [])];
  return [now(), ev.cls, ev.operation, shown, ...tail].join('  ');
}

/** The event as one JSON object: wire names, exact ints. */
export function eventJson(ev: WatchEvent, jsonValue: JsonWriter): string {
  const out: Record<string, XenValue> = { class: ev.cls, operation: ev.operation, ref: ev.ref, token: ev.token };
  if (ev.snapshot !== undefined) out['snapshot'] = ev.snapshot;
  if (ev.resync === true) out['resync'] = true;
  return jsonValue(out);
}

function uuidOf(ev: WatchEvent): string {
  const u = (ev.snapshot ?? ev.previous)?.[FIELD_NAMES.uuid];
  return typeof u === 'string' ? u : '';
}

/** Runs `sh -c CMD` with the event on stdin and in XENCTL_EVENT_*; its output passes through. */
async function runExec(ctx: Ctx, cmd: string, ev: WatchEvent, json: string): Promise<number | null> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', cmd], {
      ...(ctx.io.cwd === undefined ? {} : { cwd: ctx.io.cwd }),
      env: {
        ...ctx.env,
        XENCTL_EVENT_CLASS: ev.cls,
        XENCTL_EVENT_OPERATION: ev.operation,
        XENCTL_EVENT_REF: ev.ref,
        XENCTL_EVENT_UUID: uuidOf(ev),
        XENCTL_EVENT_TOKEN: ev.token,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => void ctx.io.stdout.write(c.toString()));
    child.stderr.on('data', (c: Buffer) => void ctx.io.stderr.write(c.toString()));
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${json}\n`);
    child.on('error', (e) => {
      ctx.note(`--exec: ${e.message}`);
      resolve(null);
    });
    child.on('close', (code) => resolve(code));
  });
}

/** Per-class --where predicates, compiled on first sight of a class; a class without the fields never matches. */
function whereFilter(ctx: Ctx): (ev: WatchEvent) => Promise<boolean> {
  const exprs = ctx.globals.where;
  const cache = new Map<string, Predicate | undefined>();
  return async (ev) => {
    if (exprs.length === 0) return true;
    if (!cache.has(ev.cls)) {
      const cls: ClassDef | undefined = ctx.model.findClass(ev.cls);
      let pred: Predicate | undefined;
      try {
        pred = cls === undefined ? undefined : (await compileWhere(ctx.model, cls, exprs, refResolver(ctx))).match;
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
      }
      cache.set(ev.cls, pred);
    }
    const pred = cache.get(ev.cls);
    const rec: XenStruct | undefined = ev.snapshot ?? ev.previous;
    return pred !== undefined && rec !== undefined && pred(rec);
  };
}

/** Checks --where against the named classes up front, so a typo is a usage error rather than silence. */
async function checkWhere(ctx: Ctx, classes: readonly string[]): Promise<void> {
  if (ctx.globals.where.length === 0 || classes.includes('*')) return;
  let first: unknown;
  for (const name of classes) {
    const cls = ctx.model.findClass(name);
    if (cls === undefined) throw new UsageError(`no class named '${name}'`);
    try {
      await compileWhere(ctx.model, cls, ctx.globals.where, refResolver(ctx));
      return;
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}

function countOf(args: ParsedArgs): number | undefined {
  const text = flagString(args, 'count');
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--count takes a positive whole number, not '${text}'`);
  return n;
}

/** The watch loop shared by `event watch` and `message watch`. */
export async function watchCommand(ctx: Ctx, args: ParsedArgs, classes: readonly string[], line: EventLine): Promise<CommandResult> {
  // A stream has no csv header or yaml/xml document to close: the readable line or JSON a line, nothing else.
  if (!STREAM_FORMATS.has(ctx.format)) throw new UsageError(`a watch prints a line an event (table) or a JSON object an event (-o json, ndjson), not -o ${ctx.format}`);
  const count = countOf(args);
  const exec = flagString(args, 'exec');
  const since = flagString(args, 'since');
  await checkWhere(ctx, classes);
  const [{ EventListener }, { jsonValue }] = await Promise.all([import('../../client/watch.js'), import('../../render/json.js')]);
  const signal = ctx.io.signal;
  const listener = new EventListener({
    caller: await ctx.client(),
    model: ctx.model,
    classes,
    ...(since === undefined ? {} : { since }),
    ...(signal === undefined ? {} : { signal }),
    onNote: (text) => ctx.note(text),
    onReady: (token) => ctx.note(`watching ${classes.join(',')} from token ${token}`),
  });
  const keep = whereFilter(ctx);
  const asJson = JSON_FORMATS.has(ctx.format);
  let seen = 0;
  if (count === undefined || count > 0) {
    for await (const ev of listener.events()) {
      if (!(await keep(ev))) continue;
      if (exec !== undefined) {
        const code = await runExec(ctx, exec, ev, eventJson(ev, jsonValue));
        if (code !== 0 && signal?.aborted !== true) ctx.note(`--exec exited ${code ?? 'abnormally'} for ${ev.cls} ${ev.operation} ${ev.ref}`);
      } else {
        await writeOut(ctx.io.stdout, `${asJson ? eventJson(ev, jsonValue) : line(ev)}\n`);
      }
      seen += 1;
      if ((count !== undefined && seen >= count) || signal?.aborted === true) break;
    }
  }
  // The token is printed however the watch ends (the --timeout deadline too), so a script can resume from it.
  const token = listener.token;
  if (token !== undefined && !ctx.globals.quiet) ctx.io.stderr.write(`xenctl: stopped at token ${token}; resume with --since ${token}\n`);
  const reason: unknown = signal?.aborted === true ? signal.reason : undefined;
  if (reason !== undefined && !(reason instanceof InterruptedError)) throw reason;
  return { kind: 'none' };
}

export const EVENT_WATCH_COMMAND: CommandSpec = {
  noun: 'event',
  verb: 'watch',
  summary: 'Stream object changes (add, mod, del) as they happen; Ctrl-C ends it (exit 0)',
  description: 'Filter with --class and --where; -o ndjson prints one JSON event a line, each with the token to resume from.',
  positionals: [],
  flags: [
    { name: 'class', kind: 'string', metavar: 'A,B', repeatable: true, summary: 'classes to watch (default: all, messages included)' },
    ...WATCH_FLAGS,
  ],
  async run(ctx, args) {
    const named = flagList(args, 'class').flatMap((c) => splitList(c)).map((c) => c.trim()).filter((c) => c !== '');
    for (const c of named) {
      if (c !== '*' && ctx.model.findClass(c.replace(/-/g, '_')) === undefined) throw new UsageError(`no class named '${c}'`);
    }
    const classes = named.length === 0 ? ['*'] : named.map((c) => (c === '*' ? c : c.replace(/-/g, '_').toLowerCase()));
    return watchCommand(ctx, args, classes, objectLine);
  },
};
