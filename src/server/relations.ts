// Two-way references: a `X ref` field in class A paired with an `A ref set` field in class X (VBD.VM <-> VM.VBDs).
// The pairs are derived from the model; a short hand list settles the pairs the types alone leave ambiguous.
import type { Model, XenStruct, XenValue } from '../model/types.js';
import { NULL_REF } from '../model/values.js';
import type { ObjectStore } from './store/types.js';

export interface FieldRef {
  readonly cls: string;
  readonly field: string;
}

/** One end of a pair: the field in this class, its kind, and the field at the other end. */
export interface RelationEnd {
  readonly field: string;
  readonly kind: 'ref' | 'set';
  readonly other: FieldRef;
}

export interface Relations {
  /** The ends in a class, keyed by field name. */
  endsOf(cls: string): ReadonlyMap<string, RelationEnd>;
  /** Every pair, ref side first. */
  pairs(): readonly (readonly [FieldRef, FieldRef])[];
}

// Pairs where a class holds several refs of the same type (resident_on / affinity / scheduled_to_be_resident_on),
// so the types cannot tell which one the set mirrors. Entries absent from the model are skipped.
const AMBIGUOUS_PAIRS: readonly (readonly [string, string, string, string])[] = [
  ['VM', 'resident_on', 'host', 'resident_VMs'],
  ['VM', 'snapshot_of', 'VM', 'snapshots'],
  ['VM', 'parent', 'VM', 'children'],
  ['VDI', 'snapshot_of', 'VDI', 'snapshots'],
  ['Bond', 'master', 'PIF', 'bond_master_of'],
  ['VLAN', 'tagged_PIF', 'PIF', 'VLAN_slave_of'],
  ['VTPM', 'VM', 'VM', 'VTPMs'],
  ['tunnel', 'access_PIF', 'PIF', 'tunnel_access_PIF_of'],
  ['tunnel', 'transport_PIF', 'PIF', 'tunnel_transport_PIF_of'],
  ['network_sriov', 'physical_PIF', 'PIF', 'sriov_physical_PIF_of'],
  ['network_sriov', 'logical_PIF', 'PIF', 'sriov_logical_PIF_of'],
  ['VGPU', 'resident_on', 'PGPU', 'resident_VGPUs'],
];

/** Derived on first use: a command that creates or destroys nothing never needs the pairs (nor every class). */
export function buildRelations(model: Model): Relations {
  let built: Relations | undefined;
  const get = (): Relations => (built ??= deriveRelations(model));
  return { endsOf: (cls) => get().endsOf(cls), pairs: () => get().pairs() };
}

function deriveRelations(model: Model): Relations {
  const refFields: FieldRef[] = [];
  const targetOf = new Map<string, string>();
  const setFields: FieldRef[] = [];
  const memberOf = new Map<string, string>();
  for (const c of model.classes.values()) {
    for (const f of c.fields) {
      if (f.lifecycle === 'removed') continue;
      const key = `${c.name}.${f.name}`;
      if (f.type.kind === 'ref') {
        refFields.push({ cls: c.name, field: f.name });
        targetOf.set(key, f.type.cls);
      } else if (f.type.kind === 'set' && f.type.of.kind === 'ref') {
        setFields.push({ cls: c.name, field: f.name });
        memberOf.set(key, f.type.of.cls);
      }
    }
  }
  const pairs: [FieldRef, FieldRef][] = [];
  const taken = new Set<string>();
  const add = (r: FieldRef, s: FieldRef): void => {
    const rk = `${r.cls}.${r.field}`;
    const sk = `${s.cls}.${s.field}`;
    if (taken.has(rk) || taken.has(sk)) return;
    taken.add(rk);
    taken.add(sk);
    pairs.push([r, s]);
  };
  for (const [a, fa, x, gx] of AMBIGUOUS_PAIRS) {
    if (targetOf.get(`${a}.${fa}`) === x && memberOf.get(`${x}.${gx}`) === a) add({ cls: a, field: fa }, { cls: x, field: gx });
  }
  for (const r of refFields) {
    const x = targetOf.get(`${r.cls}.${r.field}`);
    const sets = setFields.filter((s) => s.cls === x && memberOf.get(`${s.cls}.${s.field}`) === r.cls);
    const refsBack = refFields.filter((o) => o.cls === r.cls && targetOf.get(`${o.cls}.${o.field}`) === x);
    const only = sets[0];
    if (sets.length === 1 && refsBack.length === 1 && only !== undefined) add(r, only);
  }
  const ends = new Map<string, Map<string, RelationEnd>>();
  const endMap = (cls: string): Map<string, RelationEnd> => {
    let m = ends.get(cls);
    if (m === undefined) ends.set(cls, (m = new Map()));
    return m;
  };
  for (const [r, s] of pairs) {
    endMap(r.cls).set(r.field, { field: r.field, kind: 'ref', other: s });
    endMap(s.cls).set(s.field, { field: s.field, kind: 'set', other: r });
  }
  const none = new Map<string, RelationEnd>();
  return { endsOf: (cls) => ends.get(cls) ?? none, pairs: () => pairs };
}

function refsIn(v: XenValue | undefined): readonly string[] {
  return Array.isArray(v) ? (v as readonly XenValue[]).filter((x): x is string => typeof x === 'string') : [];
}

function addMember(store: ObjectStore, at: FieldRef, owner: string, member: string): void {
  const rec = store.get(at.cls, owner);
  if (rec === undefined) return;
  const cur = refsIn(rec[at.field]);
  if (!cur.includes(member)) store.update(at.cls, owner, { [at.field]: [...cur, member] });
}

function removeMember(store: ObjectStore, at: FieldRef, owner: string, member: string): void {
  const rec = store.get(at.cls, owner);
  if (rec === undefined) return;
  const cur = refsIn(rec[at.field]);
  if (cur.includes(member)) store.update(at.cls, owner, { [at.field]: cur.filter((m) => m !== member) });
}

/** Points `child`'s ref field (the `ref` end at `refEnd`) at `owner`, moving it out of its previous owner's set. */
function relink(store: ObjectStore, refEnd: FieldRef, setEnd: FieldRef, child: string, owner: string): void {
  const rec = store.get(refEnd.cls, child);
  if (rec === undefined) return;
  const old = rec[refEnd.field];
  if (old === owner) return;
  if (typeof old === 'string' && old !== NULL_REF) removeMember(store, setEnd, old, child);
  store.update(refEnd.cls, child, { [refEnd.field]: owner });
}

/**
 * Brings the other ends in line after field `field` of `cls`/`ref` changed from `before` to `after`
 * (undefined `before`: the object was just created; undefined `after`: it is being destroyed).
 */
export function syncRelation(
  store: ObjectStore, relations: Relations, cls: string, ref: string, field: string,
  before: XenValue | undefined, after: XenValue | undefined,
): void {
  const end = relations.endsOf(cls).get(field);
  if (end === undefined) return;
  const here: FieldRef = { cls, field };
  if (end.kind === 'ref') {
    if (typeof before === 'string' && before !== NULL_REF && before !== after) removeMember(store, end.other, before, ref);
    if (typeof after === 'string' && after !== NULL_REF) addMember(store, end.other, after, ref);
    return;
  }
  const was = refsIn(before);
  const now = refsIn(after);
  for (const m of was) {
    if (now.includes(m)) continue;
    const child = store.get(end.other.cls, m);
    if (child !== undefined && child[end.other.field] === ref) store.update(end.other.cls, m, { [end.other.field]: NULL_REF });
  }
  for (const m of now) if (!was.includes(m)) relink(store, end.other, here, m, ref);
}

/** syncRelation for every related field of a record being created or destroyed. */
export function syncRecordRelations(
  store: ObjectStore, relations: Relations, cls: string, ref: string, record: XenStruct, op: 'create' | 'destroy',
): void {
  for (const end of relations.endsOf(cls).values()) {
    const v = record[end.field];
    if (op === 'create') syncRelation(store, relations, cls, ref, end.field, undefined, v);
    else syncRelation(store, relations, cls, ref, end.field, v, undefined);
  }
}
