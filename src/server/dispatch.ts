// From a method name and raw parameters to an envelope, in xapi's order: resolve the name, check the argument
// count, type the arguments, check the session, authorize (RBAC), run the operation, make writes durable.
import { SECRET_SHOWN, isSecretParam } from '../model/secrets.js';
import type { MessageDef, Model, XenValue } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { zeroValue } from '../model/values.js';
import { toTyped } from '../wire/typed.js';
import { WireTypeError } from '../wire/errors.js';
import type { Envelope } from '../wire/envelope.js';
import { freshCopy } from './store/records.js';
import type { CallContext, Channel, ServerContext, SessionInfo } from './context.js';
import { isDelegated } from './context.js';
import type { HandlerRegistry } from './handlers/index.js';
import { serveImplicit } from './implicit.js';
import { delegatedSession, findSession } from './sessions.js';
import { authorize } from './authorize.js';
import { startTask } from './tasks.js';
import type { ValueEncoder } from './tasks.js';

const ASYNC_PREFIX = 'Async.';
const REF_PREFIX = 'OpaqueRef:';
/** The datamodel's name of the session parameter every non-login message starts with. */
const SESSION_PARAM = 'session_id';

export interface Dispatcher {
  call(method: string, params: readonly XenValue[], channel: Channel): Promise<Envelope>;
  /** Every synchronous wire name, as system.listMethods answers. */
  methodNames(): readonly string[];
  /** Resolves when every background (Async.*) call has finished. */
  drain(): Promise<void>;
}

/**
 * Finds `Class.msg`, and the `Class_msg` spelling (the first class in model order whose name and message fit), on
 * demand: building a table of every message would build every class of the lazily built model.
 */
function methodLookup(model: Model): (name: string) => MessageDef | undefined {
  const found = new Map<string, MessageDef | undefined>();
  const order = new Map([...model.classes.keys()].map((k, i) => [k, i]));
  const messageOf = (cls: string, msg: string): MessageDef | undefined =>
    order.has(cls) ? model.classes.get(cls)?.messages.find((m) => m.name === msg) : undefined;
  const resolve = (name: string): MessageDef | undefined => {
    const dot = name.indexOf('.');
    if (dot >= 0) return messageOf(name.slice(0, dot), name.slice(dot + 1));
    let best: MessageDef | undefined;
    let bestOrder = Infinity;
    for (let i = name.indexOf('_'); i > 0; i = name.indexOf('_', i + 1)) {
      const cls = name.slice(0, i);
      const at = order.get(cls);
      if (at === undefined || at >= bestOrder) continue;
      const m = messageOf(cls, name.slice(i + 1));
      if (m !== undefined) {
        best = m;
        bestOrder = at;
      }
    }
    return best;
  };
  return (name) => {
    if (found.has(name)) return found.get(name);
    const m = resolve(name);
    if (found.size < 10_000) found.set(name, m);
    return m;
  };
}

/** WireTypeError shows a string value JSON-quoted; the error parameter carries the string itself. */
function plainValue(shown: string): string {
  if (!shown.startsWith('"')) return shown;
  try {
    const v: unknown = JSON.parse(shown);
    return typeof v === 'string' ? v : shown;
  } catch {
    return shown;
  }
}

/** The wire form of any failure: API errors as they are, type errors as xapi reports them, the rest INTERNAL_ERROR. */
export function toErrorArray(e: unknown): readonly string[] {
  if (e instanceof XenApiError) return e.toWire();
  if (e instanceof WireTypeError) {
    return e.expected.startsWith('enum') ? [ERR.INVALID_VALUE, e.field, plainValue(e.value)] : [ERR.FIELD_TYPE_ERROR, e.field];
  }
  return [ERR.INTERNAL_ERROR, e instanceof Error ? e.message : String(e)];
}

/** A string holding a lone surrogate (JSON's `\uD800` can carry one): not Unicode, so not storable. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** The first bad string inside a value (map keys included), or undefined. */
function badString(v: XenValue): string | undefined {
  if (typeof v === 'string') return LONE_SURROGATE.test(v) ? v : undefined;
  if (Array.isArray(v)) {
    for (const item of v as readonly XenValue[]) {
      const bad = badString(item);
      if (bad !== undefined) return bad;
    }
  } else if (typeof v === 'object' && !(v instanceof Date)) {
    for (const [k, item] of Object.entries(v)) {
      const bad = LONE_SURROGATE.test(k) ? k : badString(item);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

function typeArgs(model: Model, msg: MessageDef, raw: readonly XenValue[]): XenValue[] {
  return msg.params.map((p, i) => {
    const v = raw[i];
    if (v !== undefined) {
      const bad = badString(v);
      if (bad !== undefined) throw new XenApiError(ERR.INVALID_VALUE, [p.name, isSecretParam(msg.cls, p.name) ? SECRET_SHOWN : bad]);
      return toTyped(model, p.type, v, p.name);
    }
    return p.default !== undefined ? freshCopy(p.default) : zeroValue(p.type, model.enums);
  });
}

export function createDispatcher(server: ServerContext, handlers: HandlerRegistry, encodeValue: ValueEncoder): Dispatcher {
  const lookup = methodLookup(server.model);
  let names: readonly string[] | undefined;
  const delegated = new WeakMap<Channel, string>();
  const requiredCounts = new Map<MessageDef, number>();
  const requiredCount = (msg: MessageDef): number => {
    let n = requiredCounts.get(msg);
    if (n === undefined) requiredCounts.set(msg, (n = msg.params.filter((p) => p.required).length));
    return n;
  };
  const background = new Set<Promise<void>>();

  const operate = (call: CallContext, args: readonly XenValue[]): XenValue | Promise<XenValue> => {
    const wire = `${call.msg.cls}.${call.msg.name}`;
    const handler = handlers.get(wire);
    if (handler !== undefined) return handler(call, args);
    if (call.msg.implicit !== undefined) return serveImplicit(call, args);
    throw new XenApiError(ERR.NOT_IMPLEMENTED, [wire]);
  };

  const resolveSession = (raw: XenValue | undefined, channel: Channel): SessionInfo => {
    if (typeof raw !== 'string') throw new XenApiError(ERR.FIELD_TYPE_ERROR, [SESSION_PARAM]);
    const found = raw === '' && isDelegated(channel)
      ? delegatedSession(server, channel, delegated)
      : findSession(server, raw);
    if (found === undefined) throw new XenApiError(ERR.SESSION_INVALID, [raw]);
    // A supporter serves no normal API use over the network: the session check names the coordinator.
    const coordinator = server.settings.supporterOf;
    if (coordinator !== undefined && !isDelegated(channel)) throw new XenApiError(ERR.HOST_IS_SLAVE, [coordinator]);
    return found;
  };

  const dispatch = async (method: string, params: readonly XenValue[], channel: Channel): Promise<XenValue> => {
    const isAsync = method.startsWith(ASYNC_PREFIX);
    const name = isAsync ? method.slice(ASYNC_PREFIX.length) : method;
    const msg = lookup(name);
    // The Class_msg spelling is for synchronous calls only.
    const asyncOk = msg !== undefined && msg.async && name === `${msg.cls}.${msg.name}`;
    if (msg === undefined || (isAsync && !asyncOk)) {
      // xapi takes an unknown method called with a session for a possible extension: the session is checked first.
      const first = params[0];
      if (msg === undefined && typeof first === 'string' && first.startsWith(REF_PREFIX)) resolveSession(first, channel);
      throw new XenApiError(ERR.MESSAGE_METHOD_UNKNOWN, [method]);
    }
    const wire = `${msg.cls}.${msg.name}`;
    if (msg.lifecycle === 'removed') throw new XenApiError(ERR.MESSAGE_REMOVED, []);
    const offset = msg.sessionless ? 0 : 1;
    const received = params.length - offset;
    const required = requiredCount(msg);
    const tooMany = received > msg.params.length && required === msg.params.length;
    if (received < required || tooMany) {
      // As xapi's gen_server: the method as called (less any Async. prefix, so VM_start stays VM_start), and
      // `expected` counts the parameters without a default (login_with_password expects 2).
      throw new XenApiError(ERR.MESSAGE_PARAMETER_COUNT_MISMATCH,
        [name, String(required), String(Math.max(received, 0))]);
    }
    const args = typeArgs(server.model, msg, params.slice(offset, offset + msg.params.length));
    const session = msg.sessionless ? undefined : resolveSession(params[0], channel);
    authorize(server, session, msg, args);
    const call: CallContext = { server, msg, channel, session };
    if (isAsync) {
      const run = startTask(call, async (taskCall) => operate(taskCall, args), toErrorArray, encodeValue);
      background.add(run.done);
      void run.done.then(() => background.delete(run.done));
      return run.taskRef;
    }
    return operate(call, args);
  };

  return {
    async call(method, params, channel) {
      const generation = server.store.generation;
      let envelope: Envelope;
      try {
        // A handler that forgets to return answers void ("") rather than an undefined the encoders cannot write.
        const value = (await dispatch(method, params, channel)) as XenValue | undefined;
        envelope = { ok: true, value: value ?? '' };
      } catch (e) {
        envelope = { ok: false, error: toErrorArray(e) };
      }
      if (server.store.generation !== generation) {
        try {
          await server.store.sync();
        } catch (e) {
          envelope = { ok: false, error: toErrorArray(e) };
        }
      }
      return envelope;
    },
    methodNames: () => (names ??= [...server.model.classes.values()].flatMap((c) =>
      c.messages.filter((m) => m.lifecycle !== 'removed').map((m) => `${c.name}.${m.name}`))),
    async drain() {
      while (background.size > 0) await Promise.all([...background]);
    },
  };
}
