// The event class: event.from (current API), register/unregister/next (legacy), get_current_id, inject.
import type { XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler } from '../context.js';
import { MAX_WAIT_MS, eventFrom, eventStruct } from '../events/from.js';
import { formatToken } from '../events/token.js';

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');
const strings = (v: XenValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const num = (v: XenValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : NaN);

function sessionRef(call: CallContext): string {
  if (call.session === undefined) throw new Error('event message called without a session');
  return call.session.ref;
}

async function next(call: CallContext): Promise<XenValue> {
  const { server } = call;
  const queued = await server.events.legacy.next(sessionRef(call), MAX_WAIT_MS, call.channel.signal);
  // Legacy events carry the Unix time of the change, as a string.
  return queued.map((q) => eventStruct(server, q.gen, String(q.at / 1000), q.cls, q.op, q.ref, q.record));
}

function inject(call: CallContext, args: readonly XenValue[]): XenValue {
  const { server } = call;
  const given = str(args[0]);
  const ref = str(args[1]);
  const def = server.model.findClass(given);
  if (def === undefined || !server.store.has(def.name, ref)) throw new XenApiError(ERR.HANDLE_INVALID, [given, ref]);
  // An empty write: the object gets a new generation, hence a `mod` event, and nothing else changes. As with xapi,
  // the token is the one just before that write: event.from with it sees the event, and answers a greater token.
  const log = server.events.log;
  server.store.update(def.name, ref, {});
  return formatToken(log.generation - 1, log.messageGeneration);
}

/** Handlers by wire name. */
export function eventHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['event.from', (call, args) =>
      eventFrom(call.server, strings(args[0]), str(args[1]), num(args[2]), call.channel.signal, call.session?.ref)],
    ['event.register', (call, args) => {
      call.server.events.legacy.register(sessionRef(call), strings(args[0]));
      return '';
    }],
    ['event.unregister', (call, args) => {
      call.server.events.legacy.unregister(sessionRef(call), strings(args[0]));
      return '';
    }],
    ['event.next', next],
    ['event.get_current_id', (call) => BigInt(call.server.events.log.generation)],
    ['event.inject', inject],
  ]);
}
