// Messages (xapi's alerts): immutable records of class `message`, kept in the store so they survive a restart and
// appear in event.from as `add`/`del` of class `message`. Other handlers raise them with raiseMessage.
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { ServerContext } from '../context.js';
import { makeRecord, newRef } from '../store/records.js';
import { MESSAGE_CLASS } from './log.js';

/** The `cls` enum value of each class a message may be about (the enum spells some differently from the class). */
export type MessageClass = 'VM' | 'Host' | 'SR' | 'Pool' | 'VMPP' | 'VMSS' | 'PVS_proxy' | 'VDI' | 'Certificate';

export interface NewMessage {
  /** e.g. `VM_CRASHED`, `VM_STARTED`, `HOST_LOW_MEMORY` (any string; xapi's names are upper snake case). */
  readonly name: string;
  /** 1 (most important) … 5 (informational); xapi's alerts mostly use 1–5. */
  readonly priority: number | bigint;
  readonly cls: MessageClass;
  /** uuid of the object the message is about. */
  readonly objUuid: string;
  readonly body: string;
}

/** The datamodel class of the object a message is about (`Host` → `host`), when the model has it. */
export function classOfMessageCls(server: ServerContext, cls: string): string | undefined {
  return server.model.findClass(cls)?.name;
}

/**
 * Creates a message about an object and returns its ref. Does not check that the object exists (a message may
 * outlive it); `message.create` checks, see handlers/message.ts.
 */
export function raiseMessage(server: Pick<ServerContext, 'store' | 'model' | 'clock'>, m: NewMessage): string {
  const ref = newRef();
  const values: Record<string, XenValue> = {
    name: m.name,
    priority: BigInt(m.priority),
    cls: m.cls,
    obj_uuid: m.objUuid,
    timestamp: server.clock.now(),
    body: m.body,
  };
  server.store.create(MESSAGE_CLASS, ref, makeRecord(server.model, MESSAGE_CLASS, values));
  return ref;
}

export function requireMessage(server: ServerContext, ref: string): XenStruct {
  const rec = server.store.get(MESSAGE_CLASS, ref);
  if (rec === undefined) throw new XenApiError(ERR.HANDLE_INVALID, [MESSAGE_CLASS, ref]);
  return rec;
}

export function destroyMessage(server: ServerContext, ref: string): void {
  requireMessage(server, ref);
  server.store.destroy(MESSAGE_CLASS, ref);
}
