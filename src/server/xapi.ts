// The reference XenAPI server without its front ends: calls in (decoded values or raw request bodies), envelopes
// and encoded replies out. Front ends (http, unix, stdio, the in-process `local:` transport) feed it.
import type { Model, XenValue } from '../model/types.js';
import type { Envelope } from '../wire/envelope.js';
import { decodeXmlRpcCall } from '../wire/xmlrpc-decode.js';
import { encodeXmlRpcBare, writeXmlRpcResponseBytes, writeXmlRpcValue } from '../wire/xmlrpc-encode.js';
import { ChunkWriter, collect } from '../wire/chunks.js';
import { decodeJsonRpcRequest, writeJsonRpcResponseBytes } from '../wire/jsonrpc.js';
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
}

/**
 * An encoded reply in UTF-8 chunks of ~64 KB (a 10,000-VM reply is ~80 MB: never one string). Each chunk is turned
 * into bytes as the encoder produces it, which frees the many small strings it was built from.
 */
export interface RpcReply {
  readonly contentType: string;
  readonly chunks: readonly Buffer[];
}

export interface Xapi {
  readonly context: ServerContext;
  handleCall(method: string, params: readonly XenValue[], channel: Channel): Promise<Envelope>;
  /** Throws WireError on a malformed body (front ends answer HTTP 500). */
  handleXmlRpc(body: Buffer | string, channel: Channel): Promise<RpcReply>;
  handleJsonRpc(body: Buffer | string, channel: Channel): Promise<RpcReply>;
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

export function createXapi(opts: XapiOptions): Xapi {
  const { model, store } = opts;
  const clock = opts.clock ?? systemClock;
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
  };
  const dispatcher = createDispatcher(context, builtinHandlers(model, opts.handlers ?? []), encodeValueFragment);

  const handleCall = async (method: string, params: readonly XenValue[], channel: Channel): Promise<Envelope> => {
    if (method === LIST_METHODS) return { ok: true, value: dispatcher.methodNames() };
    if (method === IS_ALIVE || method.startsWith(`${IS_ALIVE}:`)) return { ok: true, value: params[0] ?? true };
    return dispatcher.call(method, params, channel);
  };

  return {
    context,
    handleCall,
    async handleXmlRpc(body, channel) {
      const { method, params } = decodeXmlRpcCall(body);
      const chunks: Buffer[] = [];
      if (method === LIST_METHODS) {
        // xapi answers this one without the Status/Value envelope.
        chunks.push(Buffer.from(encodeXmlRpcBare(dispatcher.methodNames()), 'utf8'));
      } else {
        writeXmlRpcResponseBytes(await handleCall(method, params, channel), (c) => chunks.push(c));
      }
      return { contentType: XML_CONTENT_TYPE, chunks };
    },
    async handleJsonRpc(body, channel) {
      const { method, params, id, v2 } = decodeJsonRpcRequest(body);
      const chunks: Buffer[] = [];
      writeJsonRpcResponseBytes(await handleCall(method, params, channel), id, v2, (c) => chunks.push(c));
      return { contentType: JSON_CONTENT_TYPE, chunks };
    },
    drain: () => dispatcher.drain(),
    close: () => context.events.close(),
  };
}
