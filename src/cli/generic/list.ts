// `<noun> list`: every object of the class (one get_all_records), filtered by --where and the class's defaults.
import type { ClassDef, FieldDef, XenStruct, XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import type { CommandSpec } from '../spec.js';
import type { Ctx } from '../context.js';
import { UsageError } from '../errors.js';
import { refResolver } from '../select.js';
import { compileWhere } from '../where.js';
import { FIELD_NAMES, NULL_REF } from '../wire-names.js';
import { COLUMN_HEADERS, defaultFields } from './columns.js';
import { findFieldLoose, implicitMessage, nounOf, wireOf } from './names.js';
import { isStruct } from '../../model/values.js';

/** Objects `list` hides unless --all or a --where names the field (bool fields that are true). */
export const HIDDEN_BY_DEFAULT: Readonly<Record<string, readonly string[]>> = {
  vm: ['is-a-template', 'is-a-snapshot', 'is-control-domain'],
};

/** A snapshot is a template too (xapi sets both), so asking for snapshots must not hide templates. */
const LIFTED_ALSO_BY: Readonly<Record<string, readonly string[]>> = {
  'is-a-template': ['is-a-snapshot'],
};

/** Whether conditions naming these fields show objects `hidden` would hide (shared with bulk targets). */
export function liftedBy(hidden: FieldDef, named: readonly FieldDef[], cls: ClassDef): boolean {
  const also = (LIFTED_ALSO_BY[hidden.name.replaceAll('_', '-')] ?? []).map((n) => findFieldLoose(cls, n));
  return named.some((f) => f.name === hidden.name || also.some((a) => a?.name === f.name));
}

/** Up to this many distinct refs of a class are named one get_name_label each (in parallel), more by get_all_records. */
const FEW_REFS = 8;

/**
 * ref -> name_label for the refs a column shows. A few refs (the hosts VMs run on) are asked for by name: a whole
 * get_all_records of hosts is many times the data. Many are fetched with one get_all_records.
 */
async function namesOf(ctx: Ctx, clsName: string, refs: ReadonlySet<string>): Promise<Map<string, string>> {
  const cls = ctx.model.findClass(clsName);
  const all = cls === undefined ? undefined : implicitMessage(cls, 'get_all_records');
  const names = new Map<string, string>();
  const nameField = cls === undefined ? undefined : findFieldLoose(cls, FIELD_NAMES.nameLabel);
  if (cls === undefined || all === undefined || nameField === undefined || refs.size === 0) return names;
  const client = await ctx.client();
  const getName = implicitMessage(cls, 'get_field', nameField.name);
  if (getName !== undefined && refs.size <= FEW_REFS) {
    await Promise.all([...refs].map(async (ref) => {
      // An object gone since the list was read (HANDLE_INVALID), or a refusal, keeps showing its ref.
      const n = await client.call(wireOf(getName), [ref]).catch((e: unknown) => {
        if (e instanceof XenApiError) return undefined;
        throw e;
      });
      if (typeof n === 'string') names.set(ref, n);
    }));
    return names;
  }
  const map = await client.call(wireOf(all), []);
  if (!isStruct(map)) return names;
  for (const [ref, rec] of Object.entries(map)) {
    const n = isStruct(rec) ? rec[nameField.name] : undefined;
    if (typeof n === 'string') names.set(ref, n);
  }
  return names;
}

/** Replaces ref values of the shown default columns by names: per referenced class, the refs the rows hold. */
export async function showRefsByName(ctx: Ctx, fields: readonly FieldDef[], rows: XenStruct[]): Promise<XenStruct[]> {
  const refFields = fields.filter((f) => f.type.kind === 'ref');
  if (refFields.length === 0 || rows.length === 0) return rows;
  const wanted = new Map<string, Set<string>>();
  for (const f of refFields) {
    if (f.type.kind !== 'ref') continue;
    const refs = wanted.get(f.type.cls) ?? new Set<string>();
    wanted.set(f.type.cls, refs);
    for (const row of rows) {
      const v = row[f.name];
      if (typeof v === 'string' && v !== NULL_REF) refs.add(v);
    }
  }
  const byClass = new Map<string, Map<string, string>>();
  for (const [cls, refs] of wanted) byClass.set(cls, await namesOf(ctx, cls, refs));
  return rows.map((row) => {
    const out: Record<string, XenValue> = { ...row };
    for (const f of refFields) {
      const v = row[f.name];
      const names = f.type.kind === 'ref' ? byClass.get(f.type.cls) : undefined;
      if (typeof v === 'string' && names !== undefined) out[f.name] = names.get(v) ?? (v === NULL_REF ? '' : v);
    }
    return out;
  });
}

export function listCommand(cls: ClassDef): CommandSpec | undefined {
  const all = implicitMessage(cls, 'get_all_records');
  if (all === undefined) return undefined;
  const noun = nounOf(cls.name);
  const hides = HIDDEN_BY_DEFAULT[noun] ?? [];
  return {
    noun,
    verb: 'list',
    summary: `List ${noun} objects (filter with --where, pick fields with -c)`,
    ...(hides.length > 0 ? { description: `Hides objects with ${hides.join(', ')} true unless --all or a --where names the field.` } : {}),
    positionals: [],
    flags: [{ name: 'all', kind: 'bool', summary: hides.length > 0 ? `include objects with ${hides.join(', ')} true` : 'no filtering by default' }],
    message: wireOf(all),
    roles: all.roles,
    async run(ctx, args) {
      const { conditions, match } = await compileWhere(ctx.model, cls, ctx.globals.where, refResolver(ctx));
      const hidden = args.flags['all'] === true ? [] : hides
        .map((n) => findFieldLoose(cls, n))
        .filter((f): f is FieldDef => f !== undefined && !liftedBy(f, conditions.map((c) => c.field), cls));
      const map = await (await ctx.client()).call(wireOf(all), []);
      if (!isStruct(map)) throw new UsageError(`unexpected reply to ${wireOf(all)}`);
      let rows: XenStruct[] = [];
      for (const [ref, rec] of Object.entries(map)) {
        if (!isStruct(rec) || hidden.some((f) => rec[f.name] === true) || !match(rec)) continue;
        rows.push({ ref, ...rec });
      }
      const defaults = defaultFields(cls, noun);
      if (ctx.format === 'table' && ctx.globals.columns.length === 0) rows = await showRefsByName(ctx, defaults, rows);
      // Short headers name the default columns; columns asked for with -c are headed by the names given.
      const headers = ctx.globals.columns.length === 0 ? { headers: COLUMN_HEADERS } : {};
      return { kind: 'rows', cls: cls.name, rows, view: { tableColumns: defaults.map((f) => f.name), ...headers } };
    },
  };
}
