// A verb applied with --where finds the same objects `list` shows for the same --where: naming is-a-snapshot
// also shows snapshots (which xapi marks as templates too), so bulk verbs on snapshots work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();

test('--where is-a-snapshot=true acts on the snapshots list shows', async () => {
  for (const name of ['snapA', 'snapB']) {
    const r = await runCli(['vm', 'snapshot', 'web01', '--new-name', name], { server });
    assert.equal(r.code, 0, r.stderr);
  }
  const listed = await runCli(['vm', 'list', '--where', 'is-a-snapshot=true', '-o', 'minimal', '-c', 'name-label'], { server });
  assert.equal(listed.stdout, 'snapA,snapB\n');
  const r = await runCli(['vm', 'set', '--where', 'is-a-snapshot=true', '--multiple', 'name-description=old'], { server });
  assert.equal(r.code, 0, r.stderr);
  const snaps = [...server.store.all('VM')].filter(([, rec]) => rec['is_a_snapshot'] === true);
  assert.equal(snaps.length, 2);
  assert.ok(snaps.every(([, rec]) => rec['name_description'] === 'old'));
});
