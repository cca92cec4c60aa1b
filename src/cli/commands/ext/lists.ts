// `vm list` and `network list` as the generated commands, plus their plain-xapi fallbacks: VM profiles read from
// (and --where profile=... matched against) tags `profile:VALUE`; network bandwidth from PIF_metrics.speed,
// latency unknown.
import { getModel } from '../../../model/index.js';
import type { ClassDef, XenStruct } from '../../../model/types.js';
import type { CommandResult, CommandSpec, FlagSpec } from '../../spec.js';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { listCommand } from '../../generic/list.js';
import { parseWhere } from '../../where.js';
import { hasExtensions, noteFallback } from './detect.js';
import { CLS, F, XAPI } from './names.js';
import { profileTag, profilesOf } from './profile-tags.js';
import { allRecords, int, str, strs, struct } from './values.js';

/** What a list shows for a value plain xapi cannot tell. */
export const UNKNOWN = 'unknown';

function classOf(ctx: Pick<Ctx, 'model'>, name: string): ClassDef {
  const cls = ctx.model.findClass(name);
  if (cls === undefined) throw new UsageError(`the model has no ${name} class`);
  return cls;
}

function generic(ctx: Pick<Ctx, 'model'>, clsName: string): CommandSpec {
  const spec = listCommand(classOf(ctx, clsName));
  if (spec === undefined) throw new UsageError(`${clsName} has no list`);
  return spec;
}

/** `profile=V` / `profile!=V` -> the same on tags `profile:V`; other expressions unchanged. */
export function whereOnTags(cls: ClassDef, exprs: readonly string[]): string[] {
  return exprs.map((e) => {
    const c = parseWhere(cls, e);
    if (c.field.name !== F.profile || c.key !== undefined) return e;
    return `${F.tags}${c.negate ? '!=' : '='}${profileTag(c.text)}`;
  });
}

const VM_PLAIN = "profiles are read from tags 'profile:VALUE' (and --where profile=V matches them)";
const NETWORK_PLAIN = 'bandwidth is the fastest PIF_metrics.speed of its PIFs; latency is unknown';

async function vmFallback(ctx: Ctx, run: (ctx: Ctx) => Promise<CommandResult>): Promise<CommandResult> {
  noteFallback(ctx, VM_PLAIN);
  const where = whereOnTags(classOf(ctx, CLS.vm), ctx.globals.where);
  const result = await run({ ...ctx, globals: { ...ctx.globals, where } });
  if (result.kind !== 'rows') return result;
  return { ...result, rows: result.rows.map((r) => ({ ...r, [F.profile]: profilesOf(r) })) };
}

/** network ref -> the fastest PIF_metrics.speed of its PIFs (Mbit/s). */
async function networkSpeeds(ctx: Ctx): Promise<Map<string, bigint>> {
  const out = new Map<string, bigint>();
  for (const p of await pifSpeeds(ctx)) if (p.speed >= (out.get(p.network) ?? 0n)) out.set(p.network, p.speed);
  return out;
}

async function networkFallback(ctx: Ctx, run: (ctx: Ctx) => Promise<CommandResult>): Promise<CommandResult> {
  noteFallback(ctx, `network ${NETWORK_PLAIN}`);
  const result = await run(ctx);
  if (result.kind !== 'rows') return result;
  const speeds = await networkSpeeds(ctx);
  const rows = result.rows.map((r): XenStruct => {
    const ref = str(r['ref']);
    const own = strs(r[F.pifs]).length > 0 || speeds.has(ref);
    return { ...r, [F.bandwidth]: own ? (speeds.get(ref) ?? 0n) : UNKNOWN, [F.latency]: UNKNOWN };
  });
  return { ...result, rows };
}

const HOST_PLAIN = 'memory from host_metrics, cpu-count and cpu-features from cpu_info, bandwidth the fastest ' +
  'PIF_metrics.speed of its PIFs; tpm is unknown';

/** pif ref -> PIF_metrics.speed (Mbit/s), with each PIF's host and network. */
async function pifSpeeds(ctx: Ctx): Promise<Array<{ host: string; network: string; speed: bigint }>> {
  const client = await ctx.client();
  const pifs = await allRecords(client, XAPI.pifAllRecords);
  const metrics = await allRecords(client, XAPI.pifMetricsAllRecords);
  return [...pifs.values()].map((pif) => ({
    host: str(pif[F.host]), network: str(pif[F.network]), speed: int(metrics.get(str(pif[F.metrics]))?.[F.speed]),
  }));
}

async function hostFallback(ctx: Ctx, run: (ctx: Ctx) => Promise<CommandResult>): Promise<CommandResult> {
  noteFallback(ctx, `host ${HOST_PLAIN}`);
  const result = await run(ctx);
  if (result.kind !== 'rows') return result;
  const client = await ctx.client();
  const metrics = await allRecords(client, XAPI.hostMetricsAllRecords);
  const speeds = await pifSpeeds(ctx);
  const rows = result.rows.map((r): XenStruct => {
    const m = metrics.get(str(r[F.metrics]));
    const cpu = struct(r[F.cpuInfo]);
    const fastest = speeds.filter((p) => p.host === str(r['ref'])).reduce((best, p) => (p.speed > best ? p.speed : best), 0n);
    return {
      ...r,
      [F.memoryTotal]: int(m?.[F.memoryTotal]),
      [F.memoryFree]: int(m?.[F.memoryFree]),
      [F.cpuCount]: int(cpu[F.cpuCount]),
      [F.cpuFeatures]: str(cpu[F.cpuFlags]).split(' ').filter((x) => x !== ''),
      [F.tpm]: UNKNOWN,
      [F.bandwidth]: fastest,
    };
  });
  return { ...result, rows };
}

type Fallback = (ctx: Ctx, run: (ctx: Ctx) => Promise<CommandResult>) => Promise<CommandResult>;

/** The generated `list` of a class; against a plain xapi its rows go through the fallback. */
function listWithFallback(noun: string, clsName: string, fallback: Fallback, plainNote: string): CommandSpec {
  const base = () => generic({ model: getModel() }, clsName);
  return {
    noun,
    verb: 'list',
    get summary() {
      return base().summary;
    },
    get description(): string {
      const own = base().description;
      return `${own === undefined ? '' : `${own}\n`}Against a server without the xenctl extensions (real xapi): ${plainNote}.`;
    },
    positionals: [],
    get flags(): readonly FlagSpec[] {
      return base().flags;
    },
    message: `${clsName}.get_all_records`,
    get roles(): readonly string[] {
      return base().roles ?? [];
    },
    async run(ctx, args) {
      const spec = generic(ctx, clsName);
      if (await hasExtensions(ctx)) return spec.run(ctx, args);
      return fallback(ctx, (c) => spec.run(c, args));
    },
  };
}

export const LIST_COMMANDS: readonly CommandSpec[] = [
  listWithFallback('vm', CLS.vm, vmFallback, VM_PLAIN),
  listWithFallback('network', CLS.network, networkFallback, NETWORK_PLAIN),
  listWithFallback('host', CLS.host, hostFallback, HOST_PLAIN),
];
