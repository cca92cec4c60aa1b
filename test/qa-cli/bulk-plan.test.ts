// Bulk results are records like any other ("ref" first), and a dry-run plan applied later does the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const run = (argv: string[], stdin?: string) => runCli(argv, { server, ...(stdin === undefined ? {} : { stdin }) });

test('bulk start with failures: exit 6, one ndjson record per VM, "ref" first', async () => {
  const r = await run(['vm', 'start', '--where', 'power-state!=running', '--multiple', '--parallel', '4', '--continue-on-error', '-o', 'ndjson']);
  assert.equal(r.code, 6, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(rows.length >= 6);
  for (const row of rows) assert.equal(Object.keys(row)[0], 'ref');
  const failed = rows.filter((x) => x['result'] === 'failed').map((x) => x['name_label']).sort();
  assert.deepEqual(failed, ['build01', 'test04']);
});

test('vm clean-shutdown --dry-run -o xml changes nothing; call --xml of the plan does it', async () => {
  const plan = await run(['vm', 'clean-shutdown', 'web02', '--dry-run', '-o', 'xml']);
  assert.equal(plan.code, 0, plan.stderr);
  assert.equal((await run(['vm', 'get', 'web02', 'power-state'])).stdout, 'Running\n');
  const applied = await run(['call', '--xml'], plan.stdout);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /<methodResponse>.*Success/);
  assert.equal((await run(['vm', 'get', 'web02', 'power-state'])).stdout, 'Halted\n');
});
