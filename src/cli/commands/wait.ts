// `<noun> wait <obj> field=value... [--timeout S]` for every class with records: returns as soon as the object's
// record meets every condition (--where syntax), checking the current state first, then following event.from on
// that one object. Timing out (its --timeout, or the global deadline) exits 5, as xe's event-wait does.
import type { ClassDef, XenStruct } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CommandResult, CommandSpec } from '../spec.js';
import { flagString, posList, posString } from '../spec.js';
import { DeadlineError, EXIT, UsageError, formatFailure } from '../errors.js';
import { refResolver, resolveSelector } from '../select.js';
import { compileWhere } from '../where.js';
import { implicitMessage, nounOf, wireOf } from '../generic/names.js';
import { isStruct } from '../../model/values.js';

/** event.from's timeout per call: short enough to notice a deadline, long enough not to spin. */
const MAX_POLL_S = 30;
const MIN_POLL_S = 0.05;
const JSON_FORMATS = new Set(['json', 'ndjson']);

/** Seconds from the --timeout text; undefined when absent. */
export function timeoutSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = Number(text);
  if (text.trim() === '' || !Number.isFinite(s) || s < 0) throw new UsageError(`--timeout takes a number of seconds, not '${text}'`);
  return s;
}

function signals(...list: ReadonlyArray<AbortSignal | undefined>): AbortSignal {
  return AbortSignal.any(list.filter((s): s is AbortSignal => s !== undefined));
}

export function waitCommand(cls: ClassDef): CommandSpec | undefined {
  const getRecord = implicitMessage(cls, 'get_record');
  if (getRecord === undefined) return undefined;
  const noun = nounOf(cls.name);
  return {
    noun,
    verb: 'wait',
    summary: `Wait until a ${noun}'s fields have the given values (exit 5 on --timeout)`,
    description: 'Conditions use the --where syntax: field=value, field!=value, map-field:key=value, set-field=member (all must hold).',
    positionals: [
      { name: noun, required: true, summary: 'name-label, uuid, uuid prefix (6+) or OpaqueRef' },
      { name: 'condition', required: true, variadic: true, summary: 'field=value (several: all must hold)' },
    ],
    flags: [{ name: 'timeout', kind: 'string', metavar: 'SECONDS', summary: 'give up after this long: exit 5' }],
    roles: getRecord.roles,
    async run(ctx, args) {
      // The conditions are the arguments: a --where beside them would be ignored, and the wait end on the others alone.
      if (ctx.globals.where.length > 0) throw new UsageError(`${noun} wait takes its conditions as arguments (${noun} wait <${noun}> field=value...), not --where`);
      const conditions = posList(args, 'condition');
      const seconds = timeoutSeconds(flagString(args, 'timeout')) ?? ctx.globals.timeout;
      const sel = posString(args, noun) ?? '';
      const getRecordWire = wireOf(getRecord);
      const timedOut = (): CommandResult => {
        const message = `${noun} ${sel} did not reach ${conditions.join(' ')} within ${seconds ?? 0} s`;
        ctx.io.stderr.write(formatFailure({ exit: EXIT.CHECK_NO, code: 'TIMEOUT', params: [], message }, JSON_FORMATS.has(ctx.format)));
        return { kind: 'none', exitCode: EXIT.CHECK_NO };
      };
      // The global deadline may pass before the listener runs (a slow login, a hung server): still a wait that
      // reached it, so exit 5 like any other timed-out wait.
      try {
        return await waitUntil();
      } catch (e) {
        if (ctx.io.signal?.reason instanceof DeadlineError) return timedOut();
        throw e;
      }
      async function waitUntil(): Promise<CommandResult> {
        const { match } = await compileWhere(ctx.model, cls, conditions, refResolver(ctx), '');
        const ref = await resolveSelector(ctx, cls, sel);
        const success = (rec: XenStruct): CommandResult =>
          ctx.globals.output === undefined ? { kind: 'none' } : { kind: 'record', cls: cls.name, record: { ref, ...rec } };
        // The current state first: a condition that holds needs no listener (and works for classes without events).
        const now = await (await ctx.client()).call(getRecordWire, [ref]);
        if (isStruct(now) && match(now)) return success(now);
        const deadline = seconds === undefined ? undefined : Date.now() + seconds * 1000;
        const expiry = new AbortController();
        const timer = deadline === undefined ? undefined : setTimeout(() => expiry.abort(), Math.max(0, deadline - Date.now()));
        const signal = signals(ctx.io.signal, expiry.signal);
        // Loaded here: this file is on the start-up path of every command.
        const { EventListener } = await import('../../client/watch.js');
        const listener = new EventListener({
          caller: await ctx.client(),
          model: ctx.model,
          classes: [`${cls.name.toLowerCase()}/${ref}`],
          initial: true,
          signal,
          pollSeconds: () => deadline === undefined ? MAX_POLL_S : Math.min(MAX_POLL_S, Math.max(MIN_POLL_S, (deadline - Date.now()) / 1000)),
          onNote: (text) => ctx.note(text),
        });
        let found: XenStruct | undefined;
        try {
          for await (const ev of listener.events()) {
            if (ev.ref !== ref) continue;
            if (ev.snapshot === undefined) throw new XenApiError(ERR.HANDLE_INVALID, [cls.name, ref]);
            if (match(ev.snapshot)) {
              found = ev.snapshot;
              break;
            }
          }
        } finally {
          if (timer !== undefined) clearTimeout(timer);
        }
        if (found !== undefined) return success(found);
        const reason: unknown = ctx.io.signal?.aborted === true ? ctx.io.signal.reason : undefined;
        if (reason !== undefined && !(reason instanceof DeadlineError)) throw reason;
        return timedOut();
      }
    },
  };
}
