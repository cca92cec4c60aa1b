// The message class: every message is explicit in the datamodel (no generic getters), so all are served here.
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler, ServerContext } from '../context.js';
import { wireRecord } from '../implicit.js';
import type { ClassInfo } from '../class-index.js';
import { FilterParseError, evalFilter, parseFilter } from '../filter.js';
import { MESSAGE_CLASS } from '../events/log.js';
import { classOfMessageCls, destroyMessage, raiseMessage, requireMessage } from '../events/messages.js';
import type { MessageClass } from '../events/messages.js';

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');
const time = (v: XenValue | undefined): number => (v instanceof Date ? v.getTime() : 0);

function info(server: ServerContext): ClassInfo {
  const found = server.classes.get(MESSAGE_CLASS);
  if (found === undefined) throw new Error('the model has no message class');
  return found;
}

/** (ref → record) of the messages `keep` accepts. */
function recordsWhere(server: ServerContext, keep: (rec: XenStruct) => boolean): XenStruct {
  const out = Object.create(null) as Record<string, XenValue>;
  const ci = info(server);
  for (const [ref, rec] of server.store.all(MESSAGE_CLASS)) if (keep(rec)) out[ref] = wireRecord(server, ci, rec);
  return out;
}

function create(call: CallContext, args: readonly XenValue[]): XenValue {
  const { server } = call;
  const cls = str(args[2]);
  const objUuid = str(args[3]);
  const target = classOfMessageCls(server, cls);
  // xapi refuses a message about an object that does not exist.
  if (target !== undefined && server.store.refByUuid(target, objUuid) === undefined) {
    throw new XenApiError(ERR.UUID_INVALID, [cls, objUuid]);
  }
  const priority = typeof args[1] === 'bigint' ? args[1] : 0n;
  return raiseMessage(server, { name: str(args[0]), priority, cls: cls as MessageClass, objUuid, body: str(args[4]) });
}

function where(call: CallContext, args: readonly XenValue[]): XenValue {
  const expr = str(args[0]);
  try {
    const parsed = parseFilter(expr);
    return recordsWhere(call.server, (r) => evalFilter(parsed, r));
  } catch (e) {
    if (e instanceof FilterParseError) throw new XenApiError(ERR.INVALID_VALUE, [expr, e.message]);
    throw e;
  }
}

/** Handlers by wire name. */
export function messageHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['message.create', create],
    ['message.destroy', (call, args) => {
      destroyMessage(call.server, str(args[0]));
      return '';
    }],
    ['message.destroy_many', (call, args) => {
      const refs = Array.isArray(args[0]) ? args[0].map((r) => str(r)) : [];
      for (const ref of refs) requireMessage(call.server, ref);
      for (const ref of refs) destroyMessage(call.server, ref);
      return '';
    }],
    ['message.get', (call, args) => {
      const cls = str(args[0]);
      const objUuid = str(args[1]);
      const since = time(args[2]);
      return recordsWhere(call.server, (r) => r['cls'] === cls && r['obj_uuid'] === objUuid && time(r['timestamp']) > since);
    }],
    ['message.get_since', (call, args) => {
      const since = time(args[0]);
      return recordsWhere(call.server, (r) => time(r['timestamp']) > since);
    }],
    ['message.get_all', (call) => Array.from(call.server.store.all(MESSAGE_CLASS), ([ref]) => ref)],
    ['message.get_all_records', (call) => recordsWhere(call.server, () => true)],
    ['message.get_all_records_where', where],
    ['message.get_record', (call, args) => wireRecord(call.server, info(call.server), requireMessage(call.server, str(args[0])))],
    ['message.get_by_uuid', (call, args) => {
      const uuid = str(args[0]);
      const ref = call.server.store.refByUuid(MESSAGE_CLASS, uuid);
      if (ref === undefined) throw new XenApiError(ERR.UUID_INVALID, [MESSAGE_CLASS, uuid]);
      return ref;
    }],
  ]);
}
