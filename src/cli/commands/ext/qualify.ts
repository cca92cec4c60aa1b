// `xenctl host qualify <host> --vm <vm>` (a check list) and `xenctl host qualify --vm <vm>` (a matrix over every
// host): exit 0 when the VM qualifies (somewhere), 5 when not. Plain xapi: VM.assert_can_boot_here per host and
// VM.get_possible_hosts, the reason taken from the error.
import type { XenStruct } from '../../../model/types.js';
import type { CommandResult, CommandSpec } from '../../spec.js';
import type { Ctx } from '../../context.js';
import { flagString, posString } from '../../spec.js';
import { EXIT, UsageError } from '../../errors.js';
import { resolveSelector } from '../../select.js';
import { hasExtensions, noteFallback } from './detect.js';
import { CHECK_COLUMNS, CHECK_HEADERS, FAIL, PASS, assertRow, factsOf, qualificationRows, type CheckRow } from './checks.js';
import { CHECKS, CLS, EXT, XAPI } from './names.js';
import { allRecords, nameOf, str, strs, struct } from './values.js';

const STRUCTURED = new Set(['json', 'ndjson', 'yaml', 'xml']);

export async function refOf(ctx: Ctx, clsName: string, selector: string): Promise<string> {
  const cls = ctx.model.findClass(clsName);
  if (cls === undefined) throw new UsageError(`the model has no ${clsName} class`);
  return resolveSelector(ctx, cls, selector);
}

function checkList(rows: readonly CheckRow[], pass: boolean): CommandResult {
  return { kind: 'rows', rows, view: { tableColumns: CHECK_COLUMNS, headers: CHECK_HEADERS }, exitCode: pass ? EXIT.OK : EXIT.CHECK_NO };
}

/** The check list of one host (shared with `vm migrate --test`). */
export async function hostChecks(ctx: Ctx, vm: string, host: string, ext: boolean): Promise<CheckRow[]> {
  const client = await ctx.client();
  if (!ext) return [await assertRow(client, ctx.model, 'boot', XAPI.vmAssertCanBootHere, [vm, host])];
  const answer = await client.call(EXT.getQualification, [vm, host]);
  const facts = await factsOf(client, struct(await client.call(XAPI.vmRecord, [vm])), struct(await client.call(XAPI.hostRecord, [host])));
  return qualificationRows(answer, facts);
}

async function oneHost(ctx: Ctx, vm: string, host: string, ext: boolean): Promise<CommandResult> {
  if (!ext) noteFallback(ctx, 'using VM.assert_can_boot_here on the host');
  const rows = await hostChecks(ctx, vm, host, ext);
  return checkList(rows, rows.every((r) => r.result === PASS));
}

function sortedHosts(hosts: ReadonlyMap<string, XenStruct>): string[] {
  return [...hosts.keys()].sort((a, b) => nameOf(hosts, a).localeCompare(nameOf(hosts, b)));
}

async function matrixExt(ctx: Ctx, vm: string, hosts: ReadonlyMap<string, XenStruct>, structured: boolean): Promise<XenStruct[]> {
  const client = await ctx.client();
  const out: XenStruct[] = [];
  for (const host of sortedHosts(hosts)) {
    const answer = struct(await client.call(EXT.getQualification, [vm, host]));
    const qualifies = Object.values(answer).every((v) => v === PASS);
    if (structured) {
      out.push({ ref: host, host: nameOf(hosts, host), qualifies, checks: answer });
      continue;
    }
    const cells: Record<string, string> = {};
    for (const c of [...CHECKS, ...Object.keys(answer).filter((k) => !CHECKS.includes(k))]) {
      if (c in answer) cells[c] = str(answer[c]) === PASS ? PASS : FAIL;
    }
    out.push({ host: nameOf(hosts, host), ...cells, qualifies });
  }
  return out;
}

async function matrixPlain(ctx: Ctx, vm: string, hosts: ReadonlyMap<string, XenStruct>, structured: boolean): Promise<XenStruct[]> {
  const client = await ctx.client();
  const possible = new Set(strs(await client.call(XAPI.vmGetPossibleHosts, [vm])));
  const out: XenStruct[] = [];
  for (const host of sortedHosts(hosts)) {
    const r = await assertRow(client, ctx.model, 'boot', XAPI.vmAssertCanBootHere, [vm, host]);
    const qualifies = possible.has(host) && r.result === PASS;
    const reason = r.result === PASS
      ? (qualifies ? '' : 'not among VM.get_possible_hosts')
      : `${r.check}: host has ${r.host_has}, VM needs ${r.vm_needs}`;
    out.push({ ...(structured ? { ref: host } : {}), host: nameOf(hosts, host), qualifies, reason });
  }
  return out;
}

async function matrix(ctx: Ctx, vm: string, ext: boolean): Promise<CommandResult> {
  if (!ext) noteFallback(ctx, 'using VM.get_possible_hosts and VM.assert_can_boot_here per host');
  const hosts = await allRecords(await ctx.client(), XAPI.hostAllRecords);
  const structured = STRUCTURED.has(ctx.format);
  const rows = ext ? await matrixExt(ctx, vm, hosts, structured) : await matrixPlain(ctx, vm, hosts, structured);
  const any = rows.some((r) => r['qualifies'] === true);
  const columns = structured ? undefined : Object.keys(rows[0] ?? { host: '', qualifies: '' });
  return {
    kind: 'rows',
    rows,
    ...(columns === undefined ? {} : { view: { tableColumns: columns } }),
    exitCode: any ? EXIT.OK : EXIT.CHECK_NO,
  };
}

export const HOST_QUALIFY_COMMAND: CommandSpec = {
  noun: 'host',
  verb: 'qualify',
  summary: 'Whether a VM can run on a host: every check with what the host has and the VM needs',
  description:
    'With a host: one line per check (memory, tpm, bandwidth, cpu_features, enabled, networks, storage).\n' +
    'Without: a matrix of every host against every check. Exit 0 when the VM qualifies (on some host), 5 when not.\n' +
    'Against a server without the xenctl extensions (real xapi): VM.assert_can_boot_here per host and\n' +
    'VM.get_possible_hosts, the reason taken from the error.',
  positionals: [{ name: 'host', required: false, summary: 'the host (name-label, uuid, uuid prefix or OpaqueRef); none: every host' }],
  flags: [{ name: 'vm', kind: 'string', required: true, metavar: 'VM', summary: 'the VM to place' }],
  message: EXT.getQualification,
  async run(ctx, args) {
    const vm = await refOf(ctx, CLS.vm, flagString(args, 'vm') ?? '');
    const hostSel = posString(args, 'host');
    const host = hostSel === undefined ? undefined : await refOf(ctx, CLS.host, hostSel);
    const ext = await hasExtensions(ctx);
    return host === undefined ? matrix(ctx, vm, ext) : oneHost(ctx, vm, host, ext);
  },
};
