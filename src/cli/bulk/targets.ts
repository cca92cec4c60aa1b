// Which objects a verb applied with --where acts on: every object of the class the conditions match, with the
// same defaults as `list` (a VM verb leaves templates, snapshots and control domains alone unless a --where
// names the field). Several matches need --multiple (as in xe); none is "not found" (exit 1).
import type { ClassDef, FieldDef, XenValue } from '../../model/types.js';
import type { Ctx } from '../context.js';
import { NotFoundError, UsageError } from '../errors.js';
import { refResolver } from '../select.js';
import { compileWhere } from '../where.js';
import { FIELD_NAMES } from '../wire-names.js';
import { findFieldLoose, implicitMessage, nounOf, wireOf } from '../generic/names.js';
import { HIDDEN_BY_DEFAULT, liftedBy } from '../generic/list.js';
import { isStruct } from '../../model/values.js';

/** One object a bulk verb acts on. */
export interface Target {
  readonly ref: string;
  readonly uuid: string;
  readonly name: string;
}

function text(v: XenValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

/** Every object of `cls` matching the --where expressions (one get_all_records), in name order. */
export async function matchTargets(ctx: Ctx, cls: ClassDef, where: readonly string[]): Promise<Target[]> {
  const all = implicitMessage(cls, 'get_all_records');
  const noun = nounOf(cls.name);
  if (all === undefined) throw new UsageError(`--where does not apply to ${noun}: it has no get_all_records`);
  const { conditions, match } = await compileWhere(ctx.model, cls, where, refResolver(ctx));
  const hidden = (HIDDEN_BY_DEFAULT[noun] ?? [])
    .map((n) => findFieldLoose(cls, n))
    .filter((f): f is FieldDef => f !== undefined && !liftedBy(f, conditions.map((c) => c.field), cls));
  const map = await (await ctx.client()).call(wireOf(all), []);
  if (!isStruct(map)) throw new UsageError(`unexpected reply to ${wireOf(all)}`);
  const out: Target[] = [];
  for (const [ref, rec] of Object.entries(map)) {
    if (!isStruct(rec) || hidden.some((f) => rec[f.name] === true) || !match(rec)) continue;
    out.push({ ref, uuid: text(rec[FIELD_NAMES.uuid]), name: text(rec[FIELD_NAMES.nameLabel]) });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.uuid < b.uuid ? -1 : 1));
}

/** The targets, checked: none is not found; several need --multiple (a usage error naming the count). */
export async function bulkTargets(ctx: Ctx, cls: ClassDef, verb: string, multiple: boolean): Promise<Target[]> {
  const where = ctx.globals.where;
  const targets = await matchTargets(ctx, cls, where);
  const noun = nounOf(cls.name);
  if (targets.length === 0) throw new NotFoundError(noun, `--where ${where.join(' --where ')}`);
  if (targets.length > 1 && !multiple) {
    throw new UsageError(`--where matches ${targets.length} ${noun} objects: add --multiple to ${verb} all of them`, [String(targets.length)]);
  }
  return targets;
}
