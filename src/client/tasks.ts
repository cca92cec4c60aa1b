// Waiting for a task the way xe does: event.from on "task/<ref>" until it is no longer pending (polling
// task.get_record when events do not work), then the typed result or the task's error.
import { ERR, XenApiError, type MessageDef, type Model, type XenStruct, type XenValue } from '../model/index.js';
import { toTyped } from '../wire/typed.js';
import { decodeXmlRpcResponse } from '../wire/xmlrpc-decode.js';
import { WireError, WireTypeError } from '../wire/errors.js';
import { TransportError } from '../transport/errors.js';
import { FIELD, MSG, TASK_CLASS, TASK_SUCCESS, TASK_UNFINISHED } from './names.js';

export interface AsyncCallOptions {
  /** Called with the task's progress, 0..1, whenever it is seen to change. */
  readonly onProgress?: (fraction: number) => void;
  /** Aborting asks the server to cancel the task (task.cancel) and waits for it to end. */
  readonly signal?: AbortSignal;
  /**
   * Asked once `signal` aborts, before cancelling (a terminal offers the choice): false leaves the task running on
   * the server and ends the wait with the signal's reason. Absent: the task is cancelled.
   */
  readonly confirmCancel?: (task: string) => Promise<boolean>;
}

/** What the waiter needs from the client. */
export interface TaskHost {
  readonly model: Model;
  /** `detached`: not stopped by the client-wide signal (which Ctrl-C aborts together with the call's). */
  callRaw(method: string, args: readonly XenValue[], opts?: { readonly signal?: AbortSignal; readonly detached?: boolean }): Promise<XenValue>;
  readonly pollIntervalMs: number;
  readonly eventTimeoutSeconds: number;
  sleep(ms: number): Promise<void>;
  note(text: string): void;
}

function isRecord(v: XenValue | undefined): v is XenStruct {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function typedTask(model: Model, raw: XenValue): XenStruct {
  const rec = toTyped(model, { kind: 'record', cls: TASK_CLASS }, raw, TASK_CLASS);
  if (!isRecord(rec)) throw new TransportError('PROTOCOL', TASK_CLASS, 'a task record is not a struct');
  return rec;
}

/** The newest snapshot of our task in an event batch, and the next token. */
function readBatch(model: Model, batch: XenValue, ref: string): { rec?: XenStruct; token: string } {
  if (!isRecord(batch)) throw new TransportError('PROTOCOL', MSG.eventFrom, `${MSG.eventFrom} did not return a struct`);
  const token = batch[FIELD.token];
  const events = batch[FIELD.events];
  if (typeof token !== 'string' || !Array.isArray(events)) throw new TransportError('PROTOCOL', MSG.eventFrom, `${MSG.eventFrom} returned a malformed batch`);
  let rec: XenStruct | undefined;
  for (const ev of events as readonly XenValue[]) {
    if (!isRecord(ev) || ev[FIELD.eventRef] !== ref) continue;
    const snapshot = ev[FIELD.snapshot];
    if (snapshot === undefined) throw new XenApiError(ERR.HANDLE_INVALID, [TASK_CLASS, ref]);
    rec = typedTask(model, snapshot);
  }
  return rec === undefined ? { token } : { rec, token };
}

/** Decodes the task's `result` (an XML-RPC `<value>` fragment, whatever protocol the call used). */
export function taskResult(model: Model, msg: MessageDef, text: string): XenValue {
  if (msg.result.kind === 'void') return '';
  const trimmed = text.trim();
  let raw: XenValue = trimmed;
  if (trimmed.startsWith('<')) {
    try {
      const env = decodeXmlRpcResponse(`<methodResponse><params><param>${trimmed}</param></params></methodResponse>`);
      raw = env.ok ? env.value : trimmed;
    } catch (err) {
      if (!(err instanceof WireError)) throw err;
    }
  }
  return toTyped(model, msg.result, raw, `${msg.cls}.${msg.name} result`);
}

function outcome(host: TaskHost, msg: MessageDef, ref: string, rec: XenStruct): XenValue {
  if (rec[FIELD.status] === TASK_SUCCESS) {
    const result = rec[FIELD.result];
    return taskResult(host.model, msg, typeof result === 'string' ? result : '');
  }
  const info = rec[FIELD.errorInfo];
  const strings = Array.isArray(info) ? (info as readonly XenValue[]).map(String) : [];
  const [code, ...params] = strings;
  if (code !== undefined && code !== '') throw new XenApiError(code, params);
  throw new XenApiError(ERR.TASK_CANCELLED, [ref]);
}

async function nextRecord(host: TaskHost, ref: string, state: { token: string; events: boolean }, signal: AbortSignal): Promise<XenStruct | undefined> {
  if (state.events) {
    try {
      const batch = await host.callRaw(MSG.eventFrom, [[`${TASK_CLASS}/${ref}`], state.token, host.eventTimeoutSeconds], { signal });
      const { rec, token } = readBatch(host.model, batch, ref);
      state.token = token;
      return rec;
    } catch (err) {
      const unusable = (err instanceof XenApiError && err.code !== ERR.HANDLE_INVALID) || err instanceof WireTypeError || (err instanceof TransportError && err.code === 'PROTOCOL');
      if (!unusable) throw err;
      host.note(`${MSG.eventFrom} failed (${err.message}); polling ${MSG.taskGetRecord} instead`);
      state.events = false;
    }
  }
  const rec = typedTask(host.model, await host.callRaw(MSG.taskGetRecord, [ref], { signal }));
  if (TASK_UNFINISHED.includes(String(rec[FIELD.status]))) await host.sleep(host.pollIntervalMs);
  return rec;
}

/** Waits for task `ref` (made by `Async.<msg>`), reports progress, cancels on abort, destroys it at the end. */
export async function awaitTask(host: TaskHost, msg: MessageDef, ref: string, opts: AsyncCallOptions = {}): Promise<XenValue> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (opts.signal?.aborted === true) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  const state = { token: '', events: true };
  let lastProgress = -1;
  try {
    for (;;) {
      let rec: XenStruct | undefined;
      try {
        rec = await nextRecord(host, ref, state, stop.signal);
      } catch (err) {
        if (!stop.signal.aborted) throw err;
        return await cancelAndWait(host, msg, ref, opts);
      }
      if (rec === undefined) continue;
      const progress = rec[FIELD.progress];
      if (typeof progress === 'number' && progress !== lastProgress) {
        lastProgress = progress;
        opts.onProgress?.(progress);
      }
      if (!TASK_UNFINISHED.includes(String(rec[FIELD.status]))) return await finish(host, msg, ref, rec);
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** The task's outcome; the task is destroyed either way. */
async function finish(host: TaskHost, msg: MessageDef, ref: string, rec: XenStruct): Promise<XenValue> {
  try {
    return outcome(host, msg, ref, rec);
  } finally {
    await host.callRaw(MSG.taskDestroy, [ref], { detached: true }).catch(() => undefined);
  }
}

/**
 * After an abort: task.cancel (unless declined), then wait for the task to end. Every call here is detached, since
 * the client-wide signal may be aborted too (Ctrl-C in the CLI stops both).
 */
async function cancelAndWait(host: TaskHost, msg: MessageDef, ref: string, opts: AsyncCallOptions): Promise<XenValue> {
  const reason: unknown = opts.signal?.reason;
  const stopped = reason instanceof Error ? reason : new Error('the wait was aborted');
  if (opts.confirmCancel !== undefined && !(await opts.confirmCancel(ref).catch(() => false))) throw stopped;
  const record = async (): Promise<XenStruct> => typedTask(host.model, await host.callRaw(MSG.taskGetRecord, [ref], { detached: true }));
  try {
    await host.callRaw(MSG.taskCancel, [ref], { detached: true });
  } catch (err) {
    // The cancel was refused: either the task has just ended, or it goes on and we stop waiting, saying why.
    const rec = await record();
    if (TASK_UNFINISHED.includes(String(rec[FIELD.status]))) throw err;
    return finish(host, msg, ref, rec);
  }
  for (;;) {
    const rec = await record();
    if (!TASK_UNFINISHED.includes(String(rec[FIELD.status]))) return finish(host, msg, ref, rec);
    await host.sleep(host.pollIntervalMs);
  }
}
