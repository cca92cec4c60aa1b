// `list` and `get` of VMs, hosts and networks: the generated commands, except that against a plain xapi they read
// through an enriching caller (plain-records.ts), so the extension columns, -c, --sort and --where profile=...
// work there too, and one line on stderr says so.
import { getModel } from '../../../model/index.js';
import type { ClassDef } from '../../../model/types.js';
import type { CommandSpec, FlagSpec, PositionalSpec } from '../../spec.js';
import type { Ctx } from '../../context.js';
import { UsageError } from '../../errors.js';
import { getCommand } from '../../generic/get.js';
import { listCommand } from '../../generic/list.js';
import { hasExtensions, noteFallback } from './detect.js';
import { CLS } from './names.js';
import { PLAIN_RECORDS, enrichingCaller } from './plain-records.js';
import { nounOf } from '../../generic/names.js';

type Build = (cls: ClassDef) => CommandSpec | undefined;

function generated(ctx: Pick<Ctx, 'model'>, clsName: string, build: Build): CommandSpec {
  const cls = ctx.model.findClass(clsName);
  const spec = cls === undefined ? undefined : build(cls);
  if (spec === undefined) throw new UsageError(`the model has no ${clsName} command here`);
  return spec;
}

function withPlainFallback(clsName: string, verb: string, build: Build): CommandSpec {
  const base = () => generated({ model: getModel() }, clsName, build);
  const plain = PLAIN_RECORDS.get(clsName);
  return {
    noun: nounOf(clsName),
    verb,
    get summary(): string {
      return base().summary;
    },
    get description(): string {
      const own = base().description;
      return `${own === undefined ? '' : `${own}\n`}Against a server without the xenctl extensions (real xapi): ${plain?.note ?? 'plain XenAPI'}.`;
    },
    get positionals(): readonly PositionalSpec[] {
      return base().positionals;
    },
    get flags(): readonly FlagSpec[] {
      return base().flags;
    },
    message: `${clsName}.${verb === 'list' ? 'get_all_records' : 'get_record'}`,
    get roles(): readonly string[] {
      return base().roles ?? [];
    },
    async run(ctx, args) {
      const spec = generated(ctx, clsName, build);
      if (plain === undefined || (await hasExtensions(ctx))) return spec.run(ctx, args);
      noteFallback(ctx, plain.note);
      const client = async () => enrichingCaller(await ctx.client(), clsName, plain.enrich);
      return spec.run({ ...ctx, client }, args);
    },
  };
}

export const PLAIN_VIEW_COMMANDS: readonly CommandSpec[] = [CLS.vm, CLS.host, CLS.network].flatMap((cls) => [
  withPlainFallback(cls, 'list', listCommand),
  withPlainFallback(cls, 'get', getCommand),
]);
