// event.from's result, spelled "an event batch" in the datamodel: a struct that is not the record of a class.
// It is typed as a record of the pseudo-class `event_batch`, whose fields are given here.
import type { XenType } from './types.js';

export const EVENT_BATCH = 'event_batch';
export const EVENT_BATCH_SPELLING = 'an event batch';

/** The fields of an event batch, in wire order. */
export const EVENT_BATCH_FIELDS: readonly { readonly name: string; readonly type: XenType }[] = [
  { name: 'events', type: { kind: 'set', of: { kind: 'record', cls: 'event' } } },
  { name: 'valid_ref_counts', type: { kind: 'map', key: { kind: 'string' }, value: { kind: 'int' } } },
  { name: 'token', type: { kind: 'string' } },
];
