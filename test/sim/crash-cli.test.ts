// `xenctl vm simulate-crash VM` (a verb generated from the extension message) and the VM_CRASHED message that
// `xenctl message list` then shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

test('vm simulate-crash: the VM restarts with a new domid and message list shows VM_CRASHED about it', async () => {
  const server = startDemoServer();
  const ref = server.demo.vms.get('web02') ?? '';
  const before = server.store.get('VM', ref)?.['domid'];
  const r = await runCli(['vm', 'simulate-crash', 'web02'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(server.store.get('VM', ref)?.['power_state'], 'Running');
  assert.notEqual(server.store.get('VM', ref)?.['domid'], before);
  const list = await runCli(['message', 'list', '-o', 'json'], { server });
  assert.equal(list.code, 0, list.stderr);
  const msgs = JSON.parse(list.stdout) as Record<string, unknown>[];
  assert.deepEqual(msgs.map((m) => [m['name'], m['priority'], m['cls'], m['obj_uuid']]),
    [['VM_CRASHED', 2, 'VM', server.store.get('VM', ref)?.['uuid']]]);
});

test('vm simulate-crash on a halted VM: exit 1 with VM_BAD_POWER_STATE', async () => {
  const server = startDemoServer();
  const r = await runCli(['vm', 'simulate-crash', 'mail01'], { server });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\[VM_BAD_POWER_STATE \S+ running halted\]\n$/);
});
