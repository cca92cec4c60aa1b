// The shapes every part of the reference server shares: who is calling, what the server holds, what a handler gets.
import type { MessageDef, Model, XenStruct, XenValue } from '../model/types.js';
import type { ObjectStore } from './store/types.js';
import type { ClassIndex } from './class-index.js';
import type { Relations } from './relations.js';
import type { Accounts } from './accounts.js';
import type { ServerEvents } from './events/index.js';
import type { GuestFs } from '../guest/types.js';
import type { ReplyCache } from './reply-cache.js';

export interface Clock {
  now(): Date;
}

/** How a call reached the server. Delegated channels (unix, stdio, local) are pre-authenticated as `user`. */
export type ChannelKind = 'http' | 'unix' | 'stdio' | 'local';

export interface Channel {
  readonly kind: ChannelKind;
  /** The caller on a delegated channel (the server's owner); unused over http. */
  readonly user?: string;
  /** The peer address, for logs. */
  readonly peer?: string;
  /** Aborts when the caller goes away (connection closed): blocking calls (event.from/next) then return. */
  readonly signal?: AbortSignal;
}

export function isDelegated(channel: Channel): boolean {
  return channel.kind !== 'http';
}

/** Server-wide behaviour that differs between `xenctl serve`, the embedded `local:` server and tests. */
export interface ServerSettings {
  /** Wait before answering a failed password login (xapi waits ~5 s). */
  readonly authFailureDelayMs: number;
  /** When set, the server acts as a pool supporter of this address: logins answer HOST_IS_SLAVE [address]. */
  readonly supporterOf?: string;
  /** The user a delegated channel runs as when the channel does not say. */
  readonly ownerName: string;
}

/** Everything the server holds, built once by createXapi. */
export interface ServerContext {
  readonly model: Model;
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly classes: ClassIndex;
  readonly relations: Relations;
  readonly accounts: Accounts;
  readonly settings: ServerSettings;
  /** The event log and the legacy event queues (event.from, event.next). */
  readonly events: ServerEvents;
  /** The guest filesystems of the VDIs (files under the state dir, or memory). */
  readonly guestFs: GuestFs;
  /** Encoded replies of stored records (get_record), reused until the record is replaced by a write. */
  readonly replies: ReplyCache;
}

/** The session a call runs in, as stored (`session` class). */
export interface SessionInfo {
  readonly ref: string;
  readonly record: XenStruct;
}

export interface CallContext {
  readonly server: ServerContext;
  readonly msg: MessageDef;
  readonly channel: Channel;
  /** Undefined only for sessionless messages (the login family). */
  readonly session: SessionInfo | undefined;
  /** The task an Async call runs under (progress, task.cancel); undefined for a synchronous call. */
  readonly task?: string;
}

/** A custom message's implementation. Arguments are typed and complete (defaults filled in), session excluded. */
export type Handler = (call: CallContext, args: readonly XenValue[]) => XenValue | Promise<XenValue>;
