// host.get_servertime answers the server clock (a datetime); a bad host ref is HANDLE_INVALID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from './harness.js';

test('host.get_servertime is the server clock', async () => {
  const at = new Date('2026-01-02T03:04:05Z');
  const s = startSim({ clock: { now: () => at } });
  const t = await s.ok('host.get_servertime', s.host('host1'));
  assert.ok(t instanceof Date);
  assert.equal(t.toISOString(), at.toISOString());
  assert.deepEqual(await s.fails('host.get_servertime', 'OpaqueRef:nope'), ['HANDLE_INVALID', 'host', 'OpaqueRef:nope']);
});
