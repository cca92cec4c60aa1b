// Which messages have an `Async.` twin. xenapi.json has no such flag; the rule follows REFERENCE.md §4.7:
// nearly every explicit message and create/destroy are async; getters, setters and the get_all family are not,
// and neither is anything of the classes below (nor the login family, which has no session to own a task).
import type { ImplicitKind } from './types.js';

/** Classes without Async variants: bookkeeping of the API itself rather than of managed objects. */
const SYNC_ONLY_CLASSES: ReadonlySet<string> = new Set(['session', 'auth', 'event', 'task', 'data_source', 'blob']);

/** Explicit messages named like the generic read family are lookups, never tasks (e.g. message.get_all_records). */
const SYNC_ONLY_NAMES = /^get_(all|all_records|all_where|all_records_where|record|by_uuid|by_name_label|since)$/;

export function isAsync(cls: string, name: string, implicit?: ImplicitKind, sessionless = false): boolean {
  if (sessionless || SYNC_ONLY_CLASSES.has(cls)) return false;
  if (implicit !== undefined) return implicit === 'create' || implicit === 'destroy';
  return !SYNC_ONLY_NAMES.test(name);
}
