// A tiny in-process XenAPI that only knows login, one async message and the task/event calls, so the client's
// task waiting can be driven step by step (the reference server has no event.from yet).
import { XenApiError, type XenStruct, type XenValue } from '../../src/model/index.js';
import type { Envelope } from '../../src/wire/envelope.js';
import { decodeJsonRpcRequest, encodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import type { LocalRpcHandler } from '../../src/transport/local.js';

export interface FakeTask {
  status: string;
  progress: number;
  result: string;
  error_info: string[];
}

export interface FakeTasks {
  readonly handler: LocalRpcHandler;
  readonly calls: string[];
  readonly task: FakeTask;
  destroyed: number;
  /** What event.from does: 'events' (blocks until a change, up to 50 ms) or an error code to fail with. */
  eventMode: 'events' | string;
  /** Answer to task.cancel: undefined = accept (the task becomes cancelled), or an error code. */
  cancelRefusal: string | undefined;
  /** Moves the task on and wakes waiting event.from calls. */
  update(change: Partial<FakeTask>): void;
}

export const TASK_REF = 'OpaqueRef:task-1';
const SESSION = 'OpaqueRef:session-1';

export function fakeTasks(): FakeTasks {
  let generation = 0;
  let wake: (() => void) | undefined;
  const snapshot = (): XenStruct => ({ ...self.task, error_info: [...self.task.error_info], name_label: 'Async.VM.clone' });
  const handler: LocalRpcHandler = {
    async handleJsonRpc(body: string) {
      const req = decodeJsonRpcRequest(body);
      return encodeJsonRpcResponse(await envelope(req.method, req.params), req.id, req.v2);
    },
    async handleXmlRpc(body: string) {
      const call = decodeXmlRpcCall(body);
      return encodeXmlRpcResponse(await envelope(call.method, call.params));
    },
  };

  const self: FakeTasks = {
    calls: [],
    task: { status: 'pending', progress: 0, result: '', error_info: [] },
    destroyed: 0,
    eventMode: 'events',
    cancelRefusal: undefined,
    update(change) {
      Object.assign(self.task, change);
      generation += 1;
      wake?.();
    },
    handler,
  };

  async function eventFrom(token: string): Promise<XenValue> {
    if (self.eventMode !== 'events') throw new XenApiError(self.eventMode, ['event.from']);
    const since = token === '' ? -1 : Number(token);
    if (since >= generation) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
    const changed = since < generation;
    const events = changed ? [{ id: String(generation), timestamp: '0.0', class: 'task', operation: token === '' ? 'add' : 'mod', ref: TASK_REF, snapshot: snapshot() }] : [];
    return { events, valid_ref_counts: {}, token: String(generation) };
  }

  async function answer(method: string, params: readonly XenValue[]): Promise<XenValue> {
    self.calls.push(method);
    if (method === 'session.login_with_password') return SESSION;
    if (params[0] !== SESSION) throw new XenApiError('SESSION_INVALID', [String(params[0])]);
    switch (method) {
      case 'Async.VM.clone':
        return TASK_REF;
      case 'event.from':
        return eventFrom(String(params[2]));
      case 'task.get_record':
        return snapshot();
      case 'task.cancel':
        if (self.cancelRefusal !== undefined) throw new XenApiError(self.cancelRefusal, [TASK_REF]);
        self.update({ status: 'cancelled', error_info: ['TASK_CANCELLED', TASK_REF] });
        return '';
      case 'task.destroy':
        self.destroyed += 1;
        return '';
      default:
        throw new XenApiError('MESSAGE_METHOD_UNKNOWN', [method]);
    }
  }

  async function envelope(method: string, params: readonly XenValue[]): Promise<Envelope> {
    try {
      return { ok: true, value: await answer(method, params) };
    } catch (err) {
      if (err instanceof XenApiError) return { ok: false, error: err.toWire() };
      throw err;
    }
  }

  return self;
}
