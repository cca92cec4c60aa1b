// JSON-RPC v1 and v2 as xapi speaks them at /jsonrpc (REFERENCE.md §1.4).
import { isUtf8 } from 'node:buffer';
import type { XenValue } from '../model/types.js';
import { bodyBytes, bodyText } from './body.js';
import { ByteChunkWriter, ChunkWriter, collect, isContainer, PieceCollector, type TextWriter } from './chunks.js';
import { failure, success, type Envelope } from './envelope.js';
import { WireError } from './errors.js';
import { parseJsonExact } from './json-exact.js';
import { parseJsonObjectBytes } from './json-split.js';
import { writeJsonKey, writeJsonValue } from './json-write.js';
import { CALL_MAX_BYTES, MAX_DEPTH, RESPONSE_MAX_BYTES, type DecodeLimits } from './limits.js';
import { isStruct } from '../model/values.js';
import { escapeInvalidUtf8 } from './utf8-escape.js';

/** A request's id, echoed in the reply: a string or an integer (a bigint above 2^53, kept exact). */
export type JsonRpcId = string | number | bigint;

export interface JsonRpcRequest {
  method: string;
  params: XenValue[];
  id: JsonRpcId;
  v2: boolean;
}

const V2 = '2.0';

function malformed(what: string): never {
  throw new WireError('malformed', `JSON-RPC: ${what}`);
}

/** Bodies at least this big are parsed from their bytes a member at a time (json-split.ts), not as one string. */
const SPLIT_BODY_BYTES = 1024 * 1024;

/** A big body's top object parsed from its bytes, or undefined to parse it whole (small, odd or malformed). */
function splitObject(body: Buffer, maxBytes: number, maxDepth: number, what: string): XenValue | undefined {
  const bytes = bodyBytes(body, maxBytes, what);
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return parseJsonObjectBytes(bytes, start, maxDepth) as XenValue | undefined;
  } catch (err) {
    // Too deep is too deep either way; anything else is left to the whole-text parse to report.
    if (err instanceof WireError && err.kind !== 'limit') return undefined;
    throw err;
  }
}

/**
 * A request body that is not valid UTF-8: stray bytes inside strings become lone surrogates (utf8-escape.ts), so the
 * call is answered INVALID_VALUE; a document that is still not JSON is refused as not UTF-8, as before.
 */
function escapedObject(body: Buffer, maxBytes: number, maxDepth: number, what: string): XenValue | null {
  if (body.length > maxBytes) throw new WireError('limit', `${what} larger than ${maxBytes} bytes`);
  const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  try {
    return parseJsonExact(escapeInvalidUtf8(body, start), maxDepth) as XenValue | null;
  } catch (err) {
    if (err instanceof WireError && err.kind === 'malformed') throw new WireError('encoding', `${what} is not valid UTF-8`);
    throw err;
  }
}

function topObject(body: Buffer | string, limits: DecodeLimits | undefined, maxBytes: number, what: string, escapeBadUtf8 = false) {
  const maxDepth = limits?.maxDepth ?? MAX_DEPTH;
  const limit = limits?.maxBytes ?? maxBytes;
  if (escapeBadUtf8 && typeof body !== 'string' && !isUtf8(body)) return checkedTop(escapedObject(body, limit, maxDepth, what));
  const split = typeof body === 'string' || body.length < SPLIT_BODY_BYTES ? undefined : splitObject(body, limit, maxDepth, what);
  // No local for the text: parseJsonExact may drop it while it parses a quoted copy.
  return checkedTop(split ?? (parseJsonExact(bodyText(body, limit, what), maxDepth) as XenValue | null));
}

function checkedTop(doc: XenValue | null) {
  if (Array.isArray(doc)) malformed('batch requests are not supported');
  if (doc === null || !isStruct(doc)) malformed('the document is not an object');
  return doc;
}

export function decodeJsonRpcRequest(body: Buffer | string, limits?: DecodeLimits): JsonRpcRequest {
  const doc = topObject(body, limits, CALL_MAX_BYTES, 'JSON-RPC request', true);
  const method = doc['method'];
  if (typeof method !== 'string' || method === '') malformed('method must be a non-empty string');
  const v2 = doc['jsonrpc'] === V2;
  const rawParams = doc['params'];
  let params: XenValue[];
  if (rawParams === undefined) params = [];
  else if (Array.isArray(rawParams)) params = rawParams as XenValue[];
  else if (v2 && isStruct(rawParams)) params = [rawParams];
  else return malformed('params must be an array');
  const id = doc['id'];
  if (typeof id === 'string') return { method, params, id, v2 };
  if (typeof id === 'number' && Number.isInteger(id)) return { method, params, id, v2 };
  if (typeof id === 'bigint') return { method, params, id, v2 };
  return malformed(id === undefined ? 'id is missing (notifications are not supported)' : 'id must be a string or an integer');
}

function idText(id: JsonRpcId): string {
  return typeof id === 'bigint' ? id.toString() : JSON.stringify(id);
}

function writeId(w: TextWriter, id: JsonRpcId): void {
  w.write(idText(id));
}

export function writeJsonRpcResponse(env: Envelope, id: JsonRpcId, v2: boolean, sink: (chunk: string) => void): void {
  writeResponse(new ChunkWriter(sink), env, id, v2);
}

/** writeJsonRpcResponse straight into UTF-8 pieces (what a server sends). */
export function writeJsonRpcResponseBytes(env: Envelope, id: JsonRpcId, v2: boolean, sink: (chunk: Buffer) => void): void {
  writeResponse(new ByteChunkWriter(sink), env, id, v2);
}

function writeResponse(w: TextWriter, env: Envelope, id: JsonRpcId, v2: boolean): void {
  if (v2) {
    w.write('{"jsonrpc":"2.0",');
    if (env.ok) {
      w.write('"result":');
      writeJsonValue(w, env.value);
    } else {
      const [code = '', ...params] = env.error;
      w.write(`"error":{"code":1,"message":${JSON.stringify(code)},"data":`);
      writeJsonValue(w, params);
      w.write('}');
    }
  } else if (env.ok) {
    w.write('{"result":');
    writeJsonValue(w, env.value);
    w.write(',"error":null');
  } else {
    w.write('{"result":null,"error":');
    writeJsonValue(w, env.error);
  }
  w.write(',"id":');
  writeId(w, id);
  w.write('}');
  w.end();
}

/** A successful response's text before and after its result. */
function resultFrame(id: JsonRpcId, v2: boolean): [string, string] {
  return [v2 ? '{"jsonrpc":"2.0","result":' : '{"result":', `${v2 ? '' : ',"error":null'},"id":${idText(id)}}`];
}

/** As xmlRpcResponsePieces: the response in pieces of about `pieceBytes`, produced one at a time. */
export function* jsonRpcResponsePieces(env: Envelope, id: JsonRpcId, v2: boolean, pieceBytes: number): Generator<Buffer[], undefined, unknown> {
  const pieces = new PieceCollector(pieceBytes);
  const w = pieces.writer;
  const v = env.ok ? env.value : undefined;
  if (!env.ok || v === undefined || !isContainer(v)) {
    writeResponse(w, env, id, v2);
    yield pieces.take();
    return;
  }
  const [head, tail] = resultFrame(id, v2);
  w.write(head);
  if (Array.isArray(v)) {
    const items = v as readonly XenValue[];
    w.write('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) w.write(',');
      writeJsonValue(w, items[i] as XenValue);
      if (pieces.full) yield pieces.take();
    }
    w.write(']');
  } else {
    const s = v as Record<string, XenValue>;
    let first = true;
    w.write('{');
    for (const key of Object.keys(s)) {
      writeJsonKey(w, key, first);
      first = false;
      writeJsonValue(w, s[key] as XenValue);
      if (pieces.full) yield pieces.take();
    }
    w.write('}');
  }
  w.write(tail);
  w.end();
  yield pieces.take();
}

export function encodeJsonRpcResponse(env: Envelope, id: JsonRpcId, v2: boolean): string {
  return collect((sink) => writeJsonRpcResponse(env, id, v2, sink));
}

/** A v2 request (what xapi's own SDKs send). */
export function encodeJsonRpcRequest(method: string, params: readonly XenValue[], id: JsonRpcId): string {
  return collect((sink) => {
    const w = new ChunkWriter(sink);
    w.write(`{"jsonrpc":"2.0","method":${JSON.stringify(method)},"params":`);
    writeJsonValue(w, params);
    w.write(',"id":');
    writeId(w, id);
    w.write('}');
    w.end();
  });
}

function errorStrings(error: XenValue): string[] {
  if (Array.isArray(error)) return (error as readonly XenValue[]).map((x) => (typeof x === 'string' ? x : String(x)));
  if (isStruct(error)) {
    // v2: {code, message, data}
    const message = error['message'];
    const data = error['data'];
    const head = typeof message === 'string' ? message : String(message ?? '');
    return [head, ...(data === undefined || data === '' ? [] : errorStrings(data))];
  }
  return [String(error)];
}

export function decodeJsonRpcResponse(body: Buffer | string, limits?: DecodeLimits): Envelope {
  const doc = topObject(body, limits, RESPONSE_MAX_BYTES, 'JSON-RPC response');
  const error = doc['error'] as XenValue | null | undefined;
  if (error !== undefined && error !== null) return failure(errorStrings(error));
  const result = doc['result'] as XenValue | null | undefined;
  if (result === undefined && error === undefined) malformed('response has neither result nor error');
  return success(result ?? '');
}
