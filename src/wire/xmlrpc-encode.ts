// XML-RPC documents out, written exactly as xapi writes them: strings and ints as untyped <value>s, doubles with
// %.16g, no whitespace between tags.
import type { XenStruct, XenValue } from '../model/types.js';
import { ByteChunkWriter, ChunkWriter, collect, isContainer, PieceCollector, type TextWriter } from './chunks.js';
import { formatXapiDate } from './datetime.js';
import { formatDouble } from './double.js';
import { ERROR_DESCRIPTION, FAILURE, STATUS, SUCCESS, VALUE, type Envelope } from './envelope.js';
import { escapeXml } from './xml-escape.js';

function writeValue(w: TextWriter, v: XenValue): void {
  switch (typeof v) {
    case 'string':
      w.write(`<value>${escapeXml(v)}</value>`);
      return;
    case 'bigint':
      w.write(`<value>${v}</value>`);
      return;
    case 'number':
      w.write(`<value><double>${formatDouble(v)}</double></value>`);
      return;
    case 'boolean':
      w.write(v ? '<value><boolean>1</boolean></value>' : '<value><boolean>0</boolean></value>');
      return;
  }
  if ((v as unknown) == null) {
    w.write('<value></value>'); // not a XenValue, but tolerated as void
  } else if (v instanceof Date) {
    w.write(`<value><dateTime.iso8601>${formatXapiDate(v)}</dateTime.iso8601></value>`);
  } else if (Array.isArray(v)) {
    w.write('<value><array><data>');
    for (const item of v as readonly XenValue[]) writeValue(w, item);
    w.write('</data></array></value>');
  } else {
    writeStruct(w, v as XenStruct);
  }
}

/**
 * Marks (as a non-enumerable property) a struct whose int members xapi writes as `<i4>`: its int32 maps, such as
 * event.from's valid_ref_counts. Every other int goes out as an untyped `<value>`.
 */
export const I4_MEMBERS: unique symbol = Symbol('xenctl.xmlrpc.i4');

/** Member name tags a memo holds at most. */
const MEMO_ENTRIES = 4096;

/**
 * A map for the encoders to keep member name tags in across documents: each document otherwise escapes and builds
 * every name again (a 96-field record is ~7 us of its ~20 us). Values depend only on their keys.
 */
export function xmlRpcMemo(): Map<string, string> {
  return new Map();
}

function writeMember(w: TextWriter, key: string, v: XenValue, i4: boolean): void {
  const memo = w.memo;
  let head = memo.get(key);
  if (head === undefined) {
    head = `<member><name>${escapeXml(key)}</name>`;
    // A memo that outlives its document starts over when full, so unique keys (refs) cannot crowd out field names.
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(key, head);
  }
  w.write(head);
  if (i4 && typeof v === 'bigint') w.write(`<value><i4>${v}</i4></value>`);
  else writeValue(w, v);
  w.write('</member>');
}

function hasI4(s: XenStruct): boolean {
  return (s as Partial<Record<typeof I4_MEMBERS, boolean>>)[I4_MEMBERS] === true;
}

function writeStruct(w: TextWriter, s: XenStruct): void {
  const i4 = hasI4(s);
  w.write('<value><struct>');
  for (const key of Object.keys(s)) writeMember(w, key, s[key] as XenValue, i4);
  w.write('</struct></value>');
}

function member(name: string, value: string): string {
  return `<member><name>${name}</name><value>${value}</value></member>`;
}

function writeEnvelope(w: TextWriter, env: Envelope): void {
  w.write('<methodResponse><params><param><value><struct>');
  if (env.ok) {
    w.write(`${member(STATUS, SUCCESS)}<member><name>${VALUE}</name>`);
    writeValue(w, env.value);
    w.write('</member>');
  } else {
    w.write(`${member(STATUS, FAILURE)}<member><name>${ERROR_DESCRIPTION}</name>`);
    writeValue(w, env.error);
    w.write('</member>');
  }
  w.write('</struct></value></param></params></methodResponse>');
}

/** Streams a xapi response in ~64 KB chunks. */
export function writeXmlRpcResponse(env: Envelope, sink: (chunk: string) => void): void {
  const w = new ChunkWriter(sink);
  writeEnvelope(w, env);
  w.end();
}

/** writeXmlRpcResponse straight into UTF-8 pieces (what a server sends); `memo` from xmlRpcMemo. */
export function writeXmlRpcResponseBytes(env: Envelope, sink: (chunk: Buffer) => void, memo?: Map<string, string>): void {
  const w = new ByteChunkWriter(sink, memo);
  writeEnvelope(w, env);
  w.end();
}

/** A whole response as one UTF-8 buffer (for a reply small enough to keep). */
export function encodeXmlRpcResponseBytes(env: Envelope, memo?: Map<string, string>): Buffer {
  const chunks: Buffer[] = [];
  writeXmlRpcResponseBytes(env, (c) => chunks.push(c), memo);
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

/**
 * A response as a series of byte pieces of about `pieceBytes` each (the last may be smaller), produced one at a time:
 * a server can send each before encoding the next, so a 100 MB reply never sits in memory whole.
 */
export function* xmlRpcResponsePieces(env: Envelope, pieceBytes: number, memo?: Map<string, string>): Generator<Buffer[], undefined, unknown> {
  const pieces = new PieceCollector(pieceBytes, memo);
  const w = pieces.writer;
  const v = env.ok ? env.value : undefined;
  if (!env.ok || v === undefined || !isContainer(v)) {
    writeEnvelope(w, env);
    w.end();
    yield pieces.take();
    return;
  }
  // The envelope as writeEnvelope writes it, the top-level value one member (or item) at a time.
  w.write(`<methodResponse><params><param><value><struct>${member(STATUS, SUCCESS)}<member><name>${VALUE}</name>`);
  if (Array.isArray(v)) {
    w.write('<value><array><data>');
    for (const item of v as readonly XenValue[]) {
      writeValue(w, item);
      if (pieces.full) yield pieces.take();
    }
    w.write('</data></array></value>');
  } else {
    const s = v as XenStruct;
    const i4 = hasI4(s);
    w.write('<value><struct>');
    for (const key of Object.keys(s)) {
      writeMember(w, key, s[key] as XenValue, i4);
      if (pieces.full) yield pieces.take();
    }
    w.write('</struct></value>');
  }
  w.write('</member></struct></value></param></params></methodResponse>');
  w.end();
  yield pieces.take();
}

export function encodeXmlRpcResponse(env: Envelope): string {
  return collect((sink) => writeXmlRpcResponse(env, sink));
}

/** A response without the Status envelope (`system.listMethods`). */
export function encodeXmlRpcBare(value: XenValue): string {
  return collect((sink) => {
    const w = new ChunkWriter(sink);
    w.write('<methodResponse><params><param>');
    writeValue(w, value);
    w.write('</param></params></methodResponse>');
    w.end();
  });
}

export function encodeXmlRpcCall(method: string, params: readonly XenValue[]): string {
  return collect((sink) => {
    const w = new ChunkWriter(sink);
    w.write(`<?xml version="1.0"?><methodCall><methodName>${escapeXml(method)}</methodName><params>`);
    for (const p of params) {
      w.write('<param>');
      writeValue(w, p);
      w.write('</param>');
    }
    w.write('</params></methodCall>');
    w.end();
  });
}

export { writeValue as writeXmlRpcValue };
