// `xenctl vm migrate <vm> --to <host> [--test]`: with --test every check and exit 0 or 5, nothing moves; otherwise
// Async.VM.migrate with its progress. Plain xapi: assert_operation_valid(pool_migrate) + assert_can_boot_here for
// the test, Async.VM.pool_migrate for the move.
import type { XenValue } from '../../../model/types.js';
import type { CommandResult, CommandSpec } from '../../spec.js';
import type { Caller, Ctx } from '../../context.js';
import { flagString, posString } from '../../spec.js';
import { EXIT } from '../../errors.js';
import { progressLine } from '../../progress.js';
import { taskStopOptions } from '../../interrupt.js';
import { hasExtensions, noteFallback } from './detect.js';
import { CHECK_COLUMNS, CHECK_HEADERS, PASS, assertRow, row, type CheckRow } from './checks.js';
import { CLS, EXT, F, OP_POOL_MIGRATE, XAPI } from './names.js';
import { hostChecks, refOf } from './qualify.js';
import { str, struct } from './values.js';

const STRUCTURED = new Set(['json', 'ndjson', 'yaml', 'xml']);
const RUNNING = 'Running';

async function testRows(ctx: Ctx, vm: string, dest: string, ext: boolean): Promise<{ rows: CheckRow[]; ok: boolean }> {
  const client = await ctx.client();
  if (!ext) {
    noteFallback(ctx, 'using VM.assert_operation_valid (pool_migrate) and VM.assert_can_boot_here on the destination');
    const rows = [
      await assertRow(client, ctx.model, 'operation', XAPI.vmAssertOperationValid, [vm, OP_POOL_MIGRATE]),
      await assertRow(client, ctx.model, 'boot', XAPI.vmAssertCanBootHere, [vm, dest]),
    ];
    return { rows, ok: rows.every((r) => r.result === PASS) };
  }
  const rec = struct(await client.call(XAPI.vmRecord, [vm]));
  const state = str(rec[F.powerState]);
  const rows = [row('power_state', '-', state === RUNNING ? RUNNING : `${RUNNING} (it is ${state})`, state === RUNNING), ...(await hostChecks(ctx, vm, dest, true))];
  const ok = (await client.call(EXT.migrate, [vm, str(rec[F.residentOn]), dest, true])) === true;
  if (!ok && rows.every((r) => r.result === PASS)) rows.push(row('migration', '-', '-', false));
  return { rows, ok };
}

async function move(ctx: Ctx, client: Caller, method: string, args: readonly XenValue[]): Promise<XenValue> {
  if (client.callAsync === undefined) return client.call(method, args);
  const progress = ctx.io.isTTY.stderr && !ctx.globals.quiet ? progressLine(ctx, method) : undefined;
  try {
    return await client.callAsync(method, args, {
      ...(progress === undefined ? {} : { onProgress: progress.update }),
      ...taskStopOptions(ctx),
    });
  } finally {
    progress?.done();
  }
}

async function migrate(ctx: Ctx, vm: string, dest: string, ext: boolean): Promise<CommandResult> {
  const client = await ctx.client();
  const from = str(struct(await client.call(XAPI.vmRecord, [vm]))[F.residentOn]);
  let result: XenValue = true;
  if (ext) {
    result = await move(ctx, client, EXT.migrate, [vm, from, dest, false]);
  } else {
    noteFallback(ctx, 'using VM.pool_migrate');
    await move(ctx, client, XAPI.vmPoolMigrate, [vm, dest, {}]);
  }
  if (!STRUCTURED.has(ctx.format)) return { kind: 'none' };
  return { kind: 'record', record: { ref: vm, from, to: dest, result } };
}

export const VM_MIGRATE_COMMAND: CommandSpec = {
  noun: 'vm',
  verb: 'migrate',
  summary: 'Move a running VM to another host of the pool (--test: only check whether it could)',
  description:
    'With --test, prints every check (check, what the host has, what the VM needs, pass or fail) and exits 0\n' +
    'when the move would succeed, 5 when not; nothing moves. Otherwise migrates, with progress on a terminal.\n' +
    'Against a server without the xenctl extensions (real xapi): VM.assert_operation_valid and\n' +
    'VM.assert_can_boot_here for the test, VM.pool_migrate for the move.',
  positionals: [{ name: 'vm', required: true, summary: 'the VM (name-label, uuid, uuid prefix or OpaqueRef)' }],
  flags: [
    { name: 'to', kind: 'string', required: true, metavar: 'HOST', summary: 'the destination host' },
    { name: 'test', kind: 'bool', summary: 'only check, move nothing (exit 0: it would succeed, 5: it would not)' },
  ],
  message: EXT.migrate,
  async run(ctx, args) {
    const vm = await refOf(ctx, CLS.vm, posString(args, 'vm') ?? '');
    const dest = await refOf(ctx, CLS.host, flagString(args, 'to') ?? '');
    const ext = await hasExtensions(ctx);
    if (args.flags['test'] !== true) return migrate(ctx, vm, dest, ext);
    const { rows, ok } = await testRows(ctx, vm, dest, ext);
    return { kind: 'rows', rows, view: { tableColumns: CHECK_COLUMNS, headers: CHECK_HEADERS }, exitCode: ok ? EXIT.OK : EXIT.CHECK_NO };
  },
};
