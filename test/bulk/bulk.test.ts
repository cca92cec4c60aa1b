// A verb applied with --where: --multiple needed for several objects, confirmation on a TTY, --parallel,
// --continue-on-error, a result row per object and exit 6 when some failed; --dry-run plans every call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenStruct } from '../../src/model/types.js';
import { runCli, startDemoServer } from '../helpers/cli.js';
import { decodeXmlRpcCall, splitXmlRpcDocuments } from '../../src/wire/xmlrpc-decode.js';

const server = startDemoServer();
const TAG = 'other-config:bulk=yes';

function vms(): Array<[string, XenStruct]> {
  return [...server.store.all('VM')].filter(([, rec]) => (rec['other_config'] as Record<string, string> | undefined)?.['bulk'] === 'yes');
}

function states(): Record<string, string> {
  return Object.fromEntries(vms().map(([, r]) => [String(r['name_label']), String(r['power_state'])]));
}

async function cli(argv: string[], opts: Parameters<typeof runCli>[1] = {}): Promise<Awaited<ReturnType<typeof runCli>>> {
  return runCli(argv, { server, ...opts });
}

test('setup: a dozen halted VMs (mail01 and 11 clones), one with start blocked', async () => {
  assert.equal((await cli(['call', 'VM.add_to_other_config', 'mail01', 'bulk', 'yes'])).code, 0);
  for (let i = 1; i <= 11; i++) {
    const r = await cli(['call', 'VM.clone', 'mail01', `bulk${String(i).padStart(2, '0')}`]);
    assert.equal(r.code, 0, r.stderr);
  }
  const block = await cli(['call', 'VM.add_to_blocked_operations', 'bulk07', 'start', 'maintenance']);
  assert.equal(block.code, 0, block.stderr);
  assert.equal(vms().length, 12);
  assert.ok(Object.values(states()).every((s) => s === 'Halted'));
});

test('several matches without --multiple: usage error naming the count', async () => {
  const r = await cli(['vm', 'start', '--where', TAG]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /matches 12 vm objects.*--multiple/);
  assert.ok(Object.values(states()).every((s) => s === 'Halted'));
});

test('--where and <obj> together, or neither: usage errors', async () => {
  assert.equal((await cli(['vm', 'start', 'mail01', '--where', TAG])).code, 2);
  assert.equal((await cli(['vm', 'start'])).code, 2);
  assert.equal((await cli(['vm', 'start', '--where', 'name-label=nothing-here', '--multiple'])).code, 1);
});

test('bulk --dry-run -o xml plans one call per object and changes nothing', async () => {
  const r = await cli(['vm', 'start', '--where', TAG, '--multiple', '--parallel', '4', '--dry-run', '-o', 'xml']);
  assert.equal(r.code, 0, r.stderr);
  const calls = splitXmlRpcDocuments(r.stdout).map((d) => decodeXmlRpcCall(d));
  assert.equal(calls.length, 12);
  assert.ok(calls.every((c) => c.method === 'VM.start' && c.params[0] === ''));
  assert.equal(new Set(calls.map((c) => c.params[1])).size, 12);
  assert.ok(Object.values(states()).every((s) => s === 'Halted'));
});

test('on a TTY the bulk run asks first; a "no" exits 130 and changes nothing', async () => {
  let asked = '';
  const r = await cli(['vm', 'start', '--where', TAG, '--multiple'], {
    isTTY: true,
    confirm: async (q) => {
      asked = q;
      return false;
    },
  });
  assert.equal(r.code, 130);
  assert.match(asked, /12 vm objects \(bulk01, bulk02, bulk03, bulk04, bulk05, and 7 more\)/);
  assert.ok(Object.values(states()).every((s) => s === 'Halted'));
});

test('bulk start of a dozen VMs, 4 at a time, one failure: a row per VM and exit 6', async () => {
  const r = await cli(['vm', 'start', '--where', TAG, '--multiple', '--parallel', '4', '--continue-on-error', '--yes', '-o', 'json'], {
    isTTY: true,
    confirm: async () => assert.fail('--yes must not ask'),
  });
  assert.equal(r.code, 6, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ name_label: string; uuid: string; result: string; error: string; params: string[] }>;
  assert.equal(rows.length, 12);
  const failed = rows.filter((x) => x.result === 'failed');
  assert.deepEqual(failed.map((x) => x.name_label), ['bulk07']);
  assert.equal(failed[0]?.error, 'OPERATION_NOT_ALLOWED');
  assert.ok(rows.every((x) => /^[0-9a-f-]{36}$/.test(x.uuid)));
  const now = states();
  assert.equal(now['bulk07'], 'Halted');
  assert.equal(Object.values(now).filter((s) => s === 'Running').length, 11);
});

test('without --continue-on-error no new call starts after the first failure; the rest are skipped', async () => {
  assert.equal((await cli(['call', 'VM.add_to_blocked_operations', 'bulk01', 'hard_shutdown', 'kept'])).code, 0);
  const r = await cli(['vm', 'hard-shutdown', '--where', TAG, '--where', 'power-state=running', '--multiple', '-o', 'ndjson']);
  assert.equal(r.code, 6, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name_label: string; result: string });
  assert.equal(rows.length, 11);
  assert.deepEqual(rows[0], { ...rows[0], name_label: 'bulk01', result: 'failed' });
  assert.ok(rows.slice(1).every((x) => x.result === 'skipped'));
  assert.equal(Object.values(states()).filter((s) => s === 'Running').length, 11);
});

test('a single match proceeds as if named (no --multiple needed)', async () => {
  const r = await cli(['vm', 'hard-shutdown', '--where', 'name-label=mail01']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(states()['mail01'], 'Halted');
});

test('bulk table output: name, uuid, result, error, params', async () => {
  const r = await cli(['vm', 'hard-shutdown', '--where', TAG, '--where', 'power-state=running', '--multiple', '--continue-on-error', '--parallel', '3']);
  assert.equal(r.code, 6);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines[0], 'name-label\tuuid\tresult\terror\tparams');
  assert.match(lines.find((l) => l.startsWith('bulk01\t')) ?? '', /\tfailed\tOPERATION_NOT_ALLOWED\t/);
  assert.equal(lines.filter((l) => /\tok(\t|$)/.test(l)).length, 9, r.stdout);
});

test('--parallel takes a whole number from 1', async () => {
  const r = await cli(['vm', 'start', '--where', TAG, '--multiple', '--parallel', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--parallel/);
});

test('destroy with --where: a dry run plans every destroy; the real run removes them all', async () => {
  const gone = ['bulk09', 'bulk10', 'bulk11'];
  for (const name of gone) assert.equal((await cli(['call', 'VM.add_to_other_config', name, 'scrap', 'yes'])).code, 0);
  const dry = await cli(['vm', 'destroy', '--where', 'other-config:scrap=yes', '--multiple', '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout.trim().split('\n').filter((l) => l.startsWith('VM.destroy OpaqueRef:')).length, 3);
  assert.equal(vms().length, 12);
  const r = await cli(['vm', 'destroy', '--where', 'other-config:scrap=yes', '--multiple', '--yes', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((JSON.parse(r.stdout) as Array<{ name_label: string; result: string }>).map((x) => [x.name_label, x.result]), gone.map((n) => [n, 'ok']));
  assert.equal(vms().length, 9);
});

test('set with --where: every matching object gets the assignments; without --multiple several are refused', async () => {
  const refused = await cli(['vm', 'set', '--where', TAG, 'name-description=fleet']);
  assert.equal(refused.code, 2);
  const r = await cli(['vm', 'set', '--where', TAG, '--multiple', 'name-description=fleet', 'other-config:wave=2', '-o', 'ndjson']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 9);
  assert.ok(vms().every(([, rec]) => rec['name_description'] === 'fleet' && (rec['other_config'] as Record<string, string>)['wave'] === '2'));
  const both = await cli(['vm', 'set', 'mail01', '--where', TAG, 'name-description=x']);
  assert.equal(both.code, 2);
});

test('a bulk verb whose call returns a ref (snapshot) shows it per object in a value column', async () => {
  const r = await cli(['vm', 'snapshot', '--where', 'name-label=bulk01', '--where', TAG, '--multiple', '--new-name', 'snap-of', '-o', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ name_label: string; result: string; value: string }>;
  assert.deepEqual(rows.map((x) => [x.name_label, x.result]), [['bulk01', 'ok']]);
  const snap = server.store.get('VM', rows[0]?.value ?? '');
  assert.equal(snap?.['is_a_snapshot'], true);
  assert.equal(snap?.['name_label'], 'snap-of');
  const table = await cli(['vm', 'snapshot', '--where', TAG, '--where', 'name-label!=mail01', '--multiple', '--new-name', 'snap2', '--parallel', '4']);
  assert.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trim().split('\n');
  assert.equal(lines[0], 'name-label\tuuid\tresult\terror\tparams\tvalue');
  assert.equal(lines.length, 9);
  assert.ok(lines.slice(1).every((l) => /\tok\t\t\tOpaqueRef:[0-9a-f-]+$/.test(l)), table.stdout);
});
