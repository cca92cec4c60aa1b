// The implicit messages of every class (getters, setters, map/set edits, records, queries, create, destroy),
// served generically from the store.
import type { FieldDef, XenStruct, XenValue } from '../model/types.js';
import { XenApiError } from '../model/errors.js';
import { ERR } from '../model/error-codes.js';
import { NULL_REF, zeroValue } from '../model/values.js';
import { makeRecord, newRef } from './store/records.js';
import type { ClassInfo } from './class-index.js';
import type { CallContext, ServerContext } from './context.js';
import { syncRecordRelations, syncRelation } from './relations.js';
import { FilterParseError, evalFilter, parseFilter } from './filter.js';
import { COMMON_FIELDS } from './wire-names.js';

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

function classInfo(server: ServerContext, cls: string): ClassInfo {
  const info = server.classes.get(cls);
  if (info === undefined) throw new Error(`class ${cls} is not in the model`);
  return info;
}

/** The stored record of `ref`, or HANDLE_INVALID [class, ref]. */
export function requireRecord(server: ServerContext, cls: string, ref: string): XenStruct {
  const rec = server.store.get(cls, ref);
  if (rec === undefined) throw new XenApiError(ERR.HANDLE_INVALID, [cls, ref]);
  return rec;
}

function fieldValue(server: ServerContext, f: FieldDef, rec: XenStruct): XenValue {
  return rec[f.name] ?? f.default ?? zeroValue(f.type, server.model.enums);
}

/** A record as get_record returns it: the class's fields only (removed and private ones left out). Read-only: it may be
 * the stored record itself. */
export function wireRecord(server: ServerContext, info: ClassInfo, rec: XenStruct): XenStruct {
  if (info.exact.has(rec)) return rec;
  const keys = Object.keys(rec);
  if (keys.length === info.fields.length && info.fields.every((f, i) => keys[i] === f.name)) {
    info.exact.add(rec);
    return rec;
  }
  const out: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  for (const f of info.fields) out[f.name] = fieldValue(server, f, rec);
  return out;
}

function recordsWhere(server: ServerContext, cls: string, expr: string | undefined): [string, XenStruct][] {
  let pred: ((r: XenStruct) => boolean) | undefined;
  if (expr !== undefined) {
    try {
      const parsed = parseFilter(expr);
      pred = (r) => evalFilter(parsed, r);
    } catch (e) {
      if (e instanceof FilterParseError) throw new XenApiError(ERR.INVALID_VALUE, [expr, e.message]);
      throw e;
    }
  }
  const out: [string, XenStruct][] = [];
  for (const [ref, rec] of server.store.all(cls)) if (pred === undefined || pred(rec)) out.push([ref, rec]);
  return out;
}

function recordMap(server: ServerContext, info: ClassInfo, rows: readonly [string, XenStruct][]): XenStruct {
  const out: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  for (const [ref, rec] of rows) out[ref] = wireRecord(server, info, rec);
  return out;
}

function setField(server: ServerContext, cls: string, ref: string, field: string, value: XenValue): void {
  const before = requireRecord(server, cls, ref)[field];
  server.store.update(cls, ref, { [field]: value });
  syncRelation(server.store, server.relations, cls, ref, field, before, value);
}

function mapOf(v: XenValue | undefined): Record<string, XenValue> {
  const out: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  if (v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) Object.assign(out, v);
  return out;
}

function setOf(v: XenValue | undefined): readonly XenValue[] {
  return Array.isArray(v) ? (v as readonly XenValue[]) : [];
}

/** Set members compare as the wire carries them. */
function sameMember(a: XenValue, b: XenValue): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

function create(server: ServerContext, info: ClassInfo, arg: XenValue | undefined): string {
  const given = mapOf(arg);
  const values: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  for (const f of info.fields) {
    // Runtime fields are the server's to fill; a constructor record only carries RW and RO/constructor ones.
    if (f.qualifier === 'RO/runtime') continue;
    const v = given[f.name];
    if (v !== undefined) values[f.name] = v;
  }
  const cls = info.def.name;
  for (const end of server.relations.endsOf(cls).values()) {
    const v = values[end.field];
    const targets = end.kind === 'ref' ? [v] : setOf(v);
    for (const t of targets) {
      if (typeof t === 'string' && t !== NULL_REF) requireRecord(server, end.other.cls, t);
    }
  }
  const ref = newRef();
  const record = makeRecord(server.model, cls, values);
  server.store.create(cls, ref, record);
  syncRecordRelations(server.store, server.relations, cls, ref, record, 'create');
  return ref;
}

function destroy(server: ServerContext, cls: string, ref: string): void {
  const record = requireRecord(server, cls, ref);
  syncRecordRelations(server.store, server.relations, cls, ref, record, 'destroy');
  server.store.destroy(cls, ref);
}

export function serveImplicit(call: CallContext, args: readonly XenValue[]): XenValue {
  const { server, msg } = call;
  const kind = msg.implicit?.kind;
  const field = msg.implicit?.field ?? '';
  const cls = msg.cls;
  const info = classInfo(server, cls);
  const self = str(args[0]);
  switch (kind) {
    case 'get_field': {
      const f = info.fieldByName.get(field);
      if (f === undefined) throw new Error(`${cls} has no field ${field}`);
      return fieldValue(server, f, requireRecord(server, cls, self));
    }
    case 'set_field':
      setField(server, cls, self, field, args[1] ?? '');
      return '';
    case 'add_to_map': {
      const rec = requireRecord(server, cls, self);
      const key = str(args[1]);
      const map = mapOf(rec[field]);
      if (key in map) throw new XenApiError(ERR.MAP_DUPLICATE_KEY, [cls, field, str(rec[COMMON_FIELDS.uuid]), key]);
      map[key] = args[2] ?? '';
      server.store.update(cls, self, { [field]: map });
      return '';
    }
    case 'remove_from_map': {
      const map = mapOf(requireRecord(server, cls, self)[field]);
      const key = str(args[1]);
      if (key in map) {
        delete map[key];
        server.store.update(cls, self, { [field]: map });
      }
      return '';
    }
    case 'add_to_set': {
      const cur = setOf(requireRecord(server, cls, self)[field]);
      const v = args[1] ?? '';
      if (!cur.some((m) => sameMember(m, v))) setField(server, cls, self, field, [...cur, v]);
      return '';
    }
    case 'remove_from_set': {
      const cur = setOf(requireRecord(server, cls, self)[field]);
      const v = args[1] ?? '';
      if (cur.some((m) => sameMember(m, v))) setField(server, cls, self, field, cur.filter((m) => !sameMember(m, v)));
      return '';
    }
    case 'get_record':
      return server.replies.wireOf(requireRecord(server, cls, self), (stored) => wireRecord(server, info, stored));
    case 'get_all':
      return Array.from(server.store.all(cls), ([ref]) => ref);
    case 'get_all_records':
      return recordMap(server, info, recordsWhere(server, cls, undefined));
    case 'get_all_where':
      return recordsWhere(server, cls, str(args[0])).map(([ref]) => ref);
    case 'get_all_records_where':
      return recordMap(server, info, recordsWhere(server, cls, str(args[0])));
    case 'get_by_uuid': {
      const ref = server.store.refByUuid(cls, self);
      if (ref === undefined) throw new XenApiError(ERR.UUID_INVALID, [cls, self]);
      return ref;
    }
    case 'get_by_name_label': {
      const out: string[] = [];
      for (const [ref, rec] of server.store.all(cls)) if (rec[COMMON_FIELDS.nameLabel] === self) out.push(ref);
      return out;
    }
    case 'create':
      return create(server, info, args[0]);
    case 'destroy':
      destroy(server, cls, self);
      return '';
    case undefined:
      throw new Error(`${cls}.${msg.name} is not an implicit message`);
  }
}
