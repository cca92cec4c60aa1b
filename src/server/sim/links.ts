// Writes that keep two-way references (VM.VBDs <-> VBD.VM, host.resident_VMs <-> VM.resident_on, ...) in step.
import type { XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import { makeRecord } from '../store/records.js';
import type { ServerContext } from '../context.js';
import { syncRecordRelations, syncRelation } from '../relations.js';

/** The stored record, or HANDLE_INVALID [class, ref]. */
export function record(server: ServerContext, cls: string, ref: string): XenStruct {
  const rec = server.store.get(cls, ref);
  if (rec === undefined) throw new XenApiError(ERR.HANDLE_INVALID, [cls, ref]);
  return rec;
}

/** Only the fields the model knows (extension fields vanish under --no-extensions). */
export function known(server: ServerContext, cls: string, changes: Readonly<Record<string, XenValue>>): Record<string, XenValue> {
  const out: Record<string, XenValue> = {};
  for (const [k, v] of Object.entries(changes)) {
    if (server.model.findField(cls, k) !== undefined || k.startsWith('xenctl_')) out[k] = v;
  }
  return out;
}

export function updateLinked(server: ServerContext, cls: string, ref: string, changes: Readonly<Record<string, XenValue>>): void {
  const before = record(server, cls, ref);
  const kept = known(server, cls, changes);
  const old: Record<string, XenValue | undefined> = {};
  for (const k of Object.keys(kept)) old[k] = before[k];
  server.store.update(cls, ref, kept);
  const ends = server.relations.endsOf(cls);
  for (const [k, v] of Object.entries(kept)) {
    if (ends.has(k)) syncRelation(server.store, server.relations, cls, ref, k, old[k], v);
  }
}

/** Creates a full record from the given values and links it into the other ends of its references. */
export function createLinked(
  server: ServerContext, cls: string, ref: string, values: Readonly<Record<string, XenValue>>,
): XenStruct {
  const rec = makeRecord(server.model, cls, known(server, cls, values));
  server.store.create(cls, ref, rec);
  syncRecordRelations(server.store, server.relations, cls, ref, rec, 'create');
  return rec;
}

export function destroyLinked(server: ServerContext, cls: string, ref: string): void {
  const rec = server.store.get(cls, ref);
  if (rec === undefined) return;
  syncRecordRelations(server.store, server.relations, cls, ref, rec, 'destroy');
  server.store.destroy(cls, ref);
}
