// The server's event machinery, built once per server process and held in the ServerContext.
import type { Model } from '../../model/types.js';
import type { ObjectStore } from '../store/types.js';
import type { ClassIndex } from '../class-index.js';
import type { Clock } from '../context.js';
import { EventLog } from './log.js';
import { LegacyEvents } from './legacy.js';
import { epochOf } from './token.js';

/** Classes whose objects never appear in events (REFERENCE §3.1); private tables are not in the model at all. */
export const SILENT_CLASSES: ReadonlySet<string> = new Set([
  'session', 'user', 'data_source', 'auth', 'secret', 'sr_stat', 'probe_result', 'vdi_nbd_server_info', 'event',
]);

const SESSION_CLASS = 'session';

export interface EventOptions {
  /** Most objects the event log remembers changes of (older tokens get EVENTS_LOST). */
  readonly maxEntries?: number;
  /** Most queued events per event.register'ed session. */
  readonly maxQueue?: number;
  /** Overrides the message-generation epoch (tests); defaults to the clock's start time. */
  readonly epoch?: bigint;
}

export interface ServerEvents {
  readonly log: EventLog;
  readonly legacy: LegacyEvents;
  /** Releases every blocked event call; later calls answer at once. */
  close(): void;
}

export function createServerEvents(
  model: Model, store: ObjectStore, classes: ClassIndex, clock: Clock, opts: EventOptions = {},
): ServerEvents {
  const emits = (cls: string): boolean => classes.get(cls) !== undefined && !SILENT_CLASSES.has(cls);
  const log = new EventLog(store, {
    emits,
    epoch: opts.epoch ?? epochOf(clock.now()),
    ...(opts.maxEntries !== undefined ? { maxEntries: opts.maxEntries } : {}),
  });
  const legacy = new LegacyEvents(model, store, log, {
    now: () => clock.now().getTime(),
    ...(opts.maxQueue !== undefined ? { maxQueue: opts.maxQueue } : {}),
  });
  // A session that goes away (logout, expiry) wakes the calls blocked in it, which then answer SESSION_INVALID.
  const stopSessionWatch = store.onChange((c) => {
    if (c.cls === SESSION_CLASS && c.op === 'del') log.waiters.schedule();
  });
  return {
    log,
    legacy,
    close() {
      stopSessionWatch();
      legacy.close();
      log.close();
    },
  };
}
