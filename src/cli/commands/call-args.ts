// `xenctl call` arguments: each a JSON literal when it parses, else the string as typed; when the model knows
// the message, typed by its parameters (numbers become ints or floats, enums take the model's spelling) and
// Ref parameters accept selectors (name-label, uuid) like every other command.
import type { MessageDef, Model, XenStruct, XenType, XenValue } from '../../model/types.js';
import { formatType } from '../../model/index.js';
import { parseJsonExact } from '../../wire/json-exact.js';
import { toTyped } from '../../wire/typed.js';
import { WireTypeError } from '../../wire/errors.js';
import { ASYNC_PREFIX } from '../../client/names.js';
import { UsageError } from '../errors.js';
import { REF_PREFIX } from '../wire-names.js';
import type { RefResolver } from '../values.js';

const MAX_DEPTH = 64;
const INTEGER = /^-?\d+$/;

/** A parsed JSON value as a raw XenValue: integers as bigint (exact), null as the empty string. */
function fromJson(v: unknown): XenValue {
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return (v as readonly unknown[]).map(fromJson);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, XenValue> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromJson(x);
    return out as XenStruct;
  }
  return '';
}

/** One argument as typed on the line: a JSON literal when it parses as one, else the text itself. */
export function literalOf(text: string): XenValue {
  if (INTEGER.test(text)) return BigInt(text);
  const first = text.trimStart()[0];
  if (first === undefined || !/[-\d"[{tfn.]/.test(first)) return text;
  try {
    const v = parseJsonExact(text, MAX_DEPTH);
    return v === null ? text : fromJson(v);
  } catch {
    return text;
  }
}

/** The message a wire name denotes (`Async.VM.start` is VM.start's twin), if the model has it. */
export function messageOf(model: Model, method: string): MessageDef | undefined {
  return model.findMessage(method.startsWith(ASYNC_PREFIX) ? method.slice(ASYNC_PREFIX.length) : method);
}

/** `VM.start(vm: VM ref, start_paused: bool, force: bool)`, optional parameters in brackets. */
export function signatureOf(method: string, msg: MessageDef): string {
  const params = msg.params.map((p) => (p.required ? `${p.name}: ${formatType(p.type)}` : `[${p.name}: ${formatType(p.type)}]`));
  return `${method}(${params.join(', ')})`;
}

function typed(model: Model, type: XenType, candidates: readonly XenValue[], what: string): XenValue {
  let error: unknown;
  for (const raw of candidates) {
    try {
      return toTyped(model, type, raw, what);
    } catch (e) {
      if (!(e instanceof WireTypeError)) throw e;
      error ??= e;
    }
  }
  throw new UsageError(error instanceof Error ? error.message : `${what}: expected ${formatType(type)}`);
}

/**
 * The values of the call's arguments (the session not included). Unknown messages get the literals as they are
 * (the server will answer what it makes of them); known ones are checked for their count and typed.
 */
export async function callArgs(model: Model, method: string, texts: readonly string[], refs: RefResolver): Promise<XenValue[]> {
  const msg = messageOf(model, method);
  if (msg === undefined) return texts.map(literalOf);
  const required = msg.params.filter((p) => p.required).length;
  if (texts.length < required || texts.length > msg.params.length) {
    const count = required === msg.params.length ? `${required}` : `${required} to ${msg.params.length}`;
    throw new UsageError(`${method} takes ${count} argument${msg.params.length === 1 ? '' : 's'} (the session is added), not ${texts.length}: ${signatureOf(method, msg)}`);
  }
  const out: XenValue[] = [];
  for (const [i, text] of texts.entries()) {
    const p = msg.params[i];
    if (p === undefined) break;
    const what = `argument ${i + 1} (${p.name})`;
    if (p.type.kind === 'ref' && text !== '' && !text.startsWith(REF_PREFIX)) {
      out.push(await refs(p.type.cls, text));
      continue;
    }
    const lit = literalOf(text);
    out.push(typed(model, p.type, lit === text ? [text] : [lit, text], what));
  }
  return out;
}
