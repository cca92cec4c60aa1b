// The reference XenAPI server without its front ends: calls in (decoded values or raw request bodies), envelopes
// and encoded replies out. Front ends (http, unix, stdio, the in-process `local:` transport) feed it.
import type { Model, XenValue } from '../model/types.js';
import type { Envelope } from '../wire/envelope.js';
import { decodeXmlRpcCall } from '../wire/xmlrpc-decode.js';
import { encodeXmlRpcBare, writeXmlRpcValue, xmlRpcMemo, xmlRpcResponsePieces } from '../wire/xmlrpc-encode.js';
import { ChunkWriter, collect } from '../wire/chunks.js';
import { decodeJsonRpcRequest, jsonRpcResponsePieces } from '../wire/jsonrpc.js';
import type { ObjectStore } from './store/types.js';
import type { Channel, Clock, ServerContext, ServerSettings } from './context.js';
import { buildClassIndex } from './class-index.js';
import { buildRelations } from './relations.js';
import { openAccounts } from './accounts.js';
import { builtinHandlers } from './handlers/index.js';
import type { HandlerRegistry } from './handlers/index.js';
import { createDispatcher } from './dispatch.js';
import { createServerEvents } from './events/index.js';
import type { EventOptions } from './events/index.js';
import type { GuestFs } from '../guest/types.js';
import { memoryGuestFs } from './guest/memory.js';
import { createReplyCache } from './reply-cache.js';

const LIST_METHODS = 'system.listMethods';
const IS_ALIVE = 'system.isAlive';
const XML_CONTENT_TYPE = 'text/xml';
const JSON_CONTENT_TYPE = 'application/json';

export interface XapiOptions {
  readonly model: Model;
  readonly store: ObjectStore;
  readonly clock?: Clock;
  readonly settings?: Partial<ServerSettings>;
  /** Handler groups added to the built-in ones (later groups win). */
  readonly handlers?: readonly HandlerRegistry[];
  /** Event log bounds and epoch (defaults suit a server). */
  readonly events?: EventOptions;
  /** The guest filesystems of the VDIs (default: in memory). */
  readonly guestFs?: GuestFs;
  /** Bytes of encoded get_record replies kept (default 8 MB; 0 keeps none). */
  readonly replyCacheBytes?: number;
}

/**
 * An encoded reply in UTF-8 chunks of ~64 KB (a 10,000-VM reply is ~80 MB: never one string). Each chunk is turned
 * into bytes as the encoder produces it, which frees the many small strings it was built from.
 */
export interface RpcReply {
  readonly contentType: string;
  readonly chunks: readonly Buffer[];
}

/**
 * A reply produced piece by piece (each piece ~1 MB of ~64 KB chunks, the last smaller): a front end that sends
 * each piece before asking for the next never holds a whole 100 MB reply (see http.ts).
 */
export interface RpcReplyStream {
  readonly contentType: string;
  readonly pieces: Iterator<readonly Buffer[], undefined>;
}

/** Bytes per piece of a streamed reply. */
export const REPLY_PIECE_BYTES = 1024 * 1024;

export interface Xapi {
  readonly context: ServerContext;
  handleCall(method: string, params: readonly XenValue[], channel: Channel): Promise<Envelope>;
  /** Throws WireError on a malformed body (front ends answer HTTP 500). */
  handleXmlRpc(body: Buffer | string, channel: Channel): Promise<RpcReply>;
  handleJsonRpc(body: Buffer | string, channel: Channel): Promise<RpcReply>;
  /** handleXmlRpc / handleJsonRpc with the reply in pieces, encoded as they are asked for. */
  streamXmlRpc(body: Buffer | string, channel: Channel): Promise<RpcReplyStream>;
  streamJsonRpc(body: Buffer | string, channel: Channel): Promise<RpcReplyStream>;
  /** Resolves when background (Async.*) calls have finished. */
  drain(): Promise<void>;
  /** Releases calls blocked in event.from/event.next (they answer at once); call before closing front ends. */
  close(): void;
}

const systemClock: Clock = { now: () => new Date() };

/** One value as the XML-RPC `<value>` fragment xapi stores in task.result. */
function encodeValueFragment(value: XenValue): string {
  return collect((sink) => {
    const w = new ChunkWriter(sink);
    writeXmlRpcValue(w, value);
    w.end();
  });
}

function collectReply(stream: RpcReplyStream): RpcReply {
  const chunks: Buffer[] = [];
  for (let r = stream.pieces.next(); r.done !== true; r = stream.pieces.next()) chunks.push(...r.value);
  return { contentType: stream.contentType, chunks };
}

export function createXapi(opts: XapiOptions): Xapi {
  const { model, store } = opts;
  const clock = opts.clock ?? systemClock;
  const xmlMemo = xmlRpcMemo();
  const classes = buildClassIndex(model);
  const context: ServerContext = {
    model,
    store,
    clock,
    classes,
    relations: buildRelations(model),
    accounts: openAccounts(store),
    settings: {
      authFailureDelayMs: opts.settings?.authFailureDelayMs ?? 1000,
      ownerName: opts.settings?.ownerName ?? 'root',
      ...(opts.settings?.supporterOf !== undefined ? { supporterOf: opts.settings.supporterOf } : {}),
    },
    events: createServerEvents(model, store, classes, clock, opts.events),
    guestFs: opts.guestFs ?? memoryGuestFs(),
    replies: createReplyCache(opts.replyCacheBytes, xmlMemo),
  };
  const dispatcher = createDispatcher(context, builtinHandlers(model, opts.handlers ?? []), encodeValueFragment);

  const handleCall = async (method: string, params: readonly XenValue[], channel: Channel): Promise<Envelope> => {
    if (method === LIST_METHODS) return { ok: true, value: dispatcher.methodNames() };
    if (method === IS_ALIVE || method.startsWith(`${IS_ALIVE}:`)) return { ok: true, value: params[0] ?? true };
    return dispatcher.call(method, params, channel);
  };

  const streamXmlRpc = async (body: Buffer | string, channel: Channel): Promise<RpcReplyStream> => {
    const { method, params } = decodeXmlRpcCall(body);
    // xapi answers system.listMethods without the Status/Value envelope.
    if (method === LIST_METHODS) return { contentType: XML_CONTENT_TYPE, pieces: [[Buffer.from(encodeXmlRpcBare(dispatcher.methodNames()), 'utf8')]].values() };
    const envelope = await handleCall(method, params, channel);
    const cached = envelope.ok ? context.replies.xmlRpcSuccess(envelope.value) : undefined;
    if (cached !== undefined) return { contentType: XML_CONTENT_TYPE, pieces: [[cached]].values() };
    return { contentType: XML_CONTENT_TYPE, pieces: xmlRpcResponsePieces(envelope, REPLY_PIECE_BYTES, xmlMemo) };
  };
  const streamJsonRpc = async (body: Buffer | string, channel: Channel): Promise<RpcReplyStream> => {
    const { method, params, id, v2 } = decodeJsonRpcRequest(body);
    return { contentType: JSON_CONTENT_TYPE, pieces: jsonRpcResponsePieces(await handleCall(method, params, channel), id, v2, REPLY_PIECE_BYTES) };
  };

  return {
    context,
    handleCall,
    handleXmlRpc: async (body, channel) => collectReply(await streamXmlRpc(body, channel)),
    handleJsonRpc: async (body, channel) => collectReply(await streamJsonRpc(body, channel)),
    streamXmlRpc,
    streamJsonRpc,
    drain: () => dispatcher.drain(),
    close: () => context.events.close(),
  };
}
