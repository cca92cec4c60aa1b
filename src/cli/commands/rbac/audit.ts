// `xenctl audit list [--since TIME]`: the server's audit log (every call the read-only role may not make: who,
// which method, which object, allowed or denied), oldest first. Reads our extension pool.get_audit_records.
import type { XenStruct } from '../../../model/types.js';
import type { Ctx } from '../../context.js';
import type { CommandSpec } from '../../spec.js';
import { flagString } from '../../spec.js';
import { UsageError } from '../../errors.js';
import { parseDate } from '../../values.js';
import { implicitMessage, wireOf } from '../../generic/names.js';
import { M, hasExtension, str } from './common.js';
import { isStruct } from '../../../model/values.js';

const COLUMNS = ['time', 'user', 'method', 'object', 'decision'] as const;

/** `--where key=value` on the log's keys (user, method, object, decision, permission, subject). */
function rowFilter(exprs: readonly string[]): (row: XenStruct) => boolean {
  const conds = exprs.map((e) => {
    const eq = e.indexOf('=');
    if (eq <= 0) throw new UsageError(`--where takes key=value on audit records, not '${e}'`);
    const negate = e[eq - 1] === '!';
    return { key: e.slice(0, negate ? eq - 1 : eq), value: e.slice(eq + 1), negate };
  });
  return (row) => conds.every((c) => (str(row[c.key]).toLowerCase() === c.value.toLowerCase()) !== c.negate);
}

const OBJECT = 'object';
const CLASS = 'class';
const NAME_FIELD = 'name_label';

/** For the table: each object by its name-label where its class has one (the ref when it is gone). */
async function withObjectNames(ctx: Ctx, rows: readonly XenStruct[]): Promise<XenStruct[]> {
  const client = await ctx.client();
  const names = new Map<string, string>();
  for (const row of rows) {
    const ref = str(row[OBJECT]);
    if (ref === '' || names.has(ref)) continue;
    const cls = ctx.model.findClass(str(row[CLASS]));
    const getter = cls === undefined ? undefined : implicitMessage(cls, 'get_field', NAME_FIELD);
    let name = ref;
    if (getter !== undefined) {
      try {
        name = str(await client.call(wireOf(getter), [ref])) || ref;
      } catch {
        // the object is gone (or the caller may not read it): keep the ref
      }
    }
    names.set(ref, name);
  }
  return rows.map((row) => ({ ...row, [OBJECT]: names.get(str(row[OBJECT])) ?? str(row[OBJECT]) }));
}

export const AUDIT_LIST_COMMAND: CommandSpec = {
  noun: 'audit',
  verb: 'list',
  summary: 'List the audit log: who called which method on which object, allowed or denied',
  positionals: [],
  flags: [{ name: 'since', kind: 'string', metavar: 'TIME', summary: 'only records from this time on (ISO-8601)' }],
  message: M.auditRecords,
  async run(ctx, args) {
    if (!hasExtension(ctx, M.auditRecords)) throw new UsageError('the audit log needs the xenctl extensions (not with --no-extensions)');
    const since = flagString(args, 'since');
    const from = since === undefined ? new Date(0) : parseDate(since, '--since');
    const reply = await (await ctx.client()).call(M.auditRecords, [from]);
    const keep = rowFilter(ctx.globals.where);
    let rows = (Array.isArray(reply) ? reply : []).filter(isStruct).filter(keep);
    if (ctx.format === 'table' && ctx.globals.columns.length === 0) rows = await withObjectNames(ctx, rows);
    return { kind: 'rows', rows, view: { tableColumns: [...COLUMNS] } };
  },
};
