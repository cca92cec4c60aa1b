import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { createXapi } from '../../src/server/xapi.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import type { Channel } from '../../src/server/context.js';
import { valueOf } from '../helpers/server.js';

test('a session idle for over 24 h is invalid at its next call, even when nobody logged in meanwhile', async () => {
  let now = Date.UTC(2026, 0, 1);
  const store = openMemoryStore();
  const x = createXapi({ model: getModel(), store, clock: { now: () => new Date(now) }, settings: { authFailureDelayMs: 0, ownerName: 'ops' } });
  const unix: Channel = { kind: 'unix' };
  const ref = valueOf(await x.handleCall('session.login_with_password', ['', '', '1.1', 'cron'], unix)) as string;
  now += 23 * 3600 * 1000;
  assert.equal((await x.handleCall('pool.get_all', [ref], unix)).ok, true, 'active within 24 h');
  now += 23 * 3600 * 1000;
  assert.equal((await x.handleCall('pool.get_all', [ref], unix)).ok, true, 'the last call counted as activity');
  now += 25 * 3600 * 1000;
  assert.deepEqual(await x.handleCall('pool.get_all', [ref], unix), { ok: false, error: ['SESSION_INVALID', ref] });
  assert.equal(store.count('session'), 0, 'the idle session is gone');
});
