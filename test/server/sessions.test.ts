import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { createXapi } from '../../src/server/xapi.js';
import { openStore } from '../../src/server/store/open.js';
import type { Channel } from '../../src/server/context.js';
import { startTestServer, structOf, valueOf, HTTP, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

describe('sessions and accounts', () => {
  let s: TestServer;
  before(async () => {
    // The server runs as alice: delegated channels (unix socket, stdio) are alice.
    s = await startTestServer({ settings: { ownerName: 'alice' } });
  });
  after(() => s.close());

  test('a wrong password: SESSION_AUTHENTICATION_FAILED [uname, message]', async () => {
    const r = await s.call('session.login_with_password', 'root', 'wrong');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error[0], 'SESSION_AUTHENTICATION_FAILED');
    assert.equal(!r.ok && r.error[1], 'root');
    assert.equal(!r.ok && r.error.length, 3);
    const nobody = await s.call('session.login_with_password', 'nobody', TEST_PASSWORD);
    assert.equal(!nobody.ok && nobody.error[0], 'SESSION_AUTHENTICATION_FAILED');
  });

  test('the root session is a local superuser session; logout ends it', async () => {
    const ref = valueOf(await s.call('session.login_with_password', 'root', TEST_PASSWORD, '1.1', 'tests')) as string;
    const rec = structOf(valueOf(await s.call('session.get_record', ref, ref)));
    assert.equal(rec['is_local_superuser'], true);
    assert.equal(rec['auth_user_name'], 'root');
    assert.equal(rec['originator'], 'tests');
    assert.equal(rec['this_host'], s.fixture.host);
    valueOf(await s.call('session.logout', ref));
    assert.deepEqual(await s.call('VM.get_all', ref), { ok: false, error: ['SESSION_INVALID', ref] });
  });

  test('local_logout and slave_local_login_with_password', async () => {
    const ref = valueOf(await s.call('session.slave_local_login_with_password', 'root', TEST_PASSWORD)) as string;
    valueOf(await s.call('session.local_logout', ref));
    assert.equal((await s.call('VM.get_all', ref)).ok, false);
  });

  test('get_all_subject_identifiers lists external subjects only (none here)', async () => {
    assert.deepEqual(valueOf(await s.call('session.get_all_subject_identifiers', s.session)), []);
  });

  test('delegated channels: login ignores the password; the empty session runs as the channel', async () => {
    const unix: Channel = { kind: 'unix' };
    const ref = valueOf(await s.xapi.handleCall('session.login_with_password', ['whoever', 'no password'], unix)) as string;
    const rec = structOf(valueOf(await s.call('session.get_record', ref, ref)));
    assert.equal(rec['auth_user_name'], 'alice');
    assert.equal(rec['is_local_superuser'], true);
    const name = await s.xapi.handleCall('VM.get_name_label', ['', s.fixture.web], unix);
    assert.deepEqual(name, { ok: true, value: 'web01' });
    const sessions = s.store.count('session');
    await s.xapi.handleCall('VM.get_all', [''], unix);
    assert.equal(s.store.count('session'), sessions, 'one delegated session per channel, reused');
    // the empty session is no session over http
    assert.deepEqual(await s.xapi.handleCall('VM.get_all', [''], HTTP), { ok: false, error: ['SESSION_INVALID', ''] });
  });

  test('change_password needs the old password over http', async () => {
    const bad = await s.call('session.change_password', s.session, 'not-it', 'new-pass');
    assert.equal(!bad.ok && bad.error[0], 'SESSION_AUTHENTICATION_FAILED');
    valueOf(await s.call('session.change_password', s.session, TEST_PASSWORD, 'new-pass'));
    assert.equal((await s.call('session.login_with_password', 'root', 'new-pass')).ok, true);
    valueOf(await s.call('session.change_password', s.session, 'new-pass', TEST_PASSWORD));
  });
});

test('a supporter answers every login with HOST_IS_SLAVE [coordinator address]', async () => {
  const s = await startTestServer({ settings: { supporterOf: '192.0.2.10' } });
  try {
    assert.deepEqual(await s.call('session.login_with_password', 'root', TEST_PASSWORD),
      { ok: false, error: ['HOST_IS_SLAVE', '192.0.2.10'] });
    // every login: over the unix socket and stdio (delegated channels) too
    for (const kind of ['unix', 'stdio'] as const) {
      const channel: Channel = { kind };
      assert.deepEqual(await s.xapi.handleCall('session.login_with_password', ['root', ''], channel),
        { ok: false, error: ['HOST_IS_SLAVE', '192.0.2.10'] });
    }
    // the supporter's own login still works; its session is refused over the network
    const unix: Channel = { kind: 'unix' };
    const local = valueOf(await s.xapi.handleCall('session.slave_local_login_with_password', ['root', TEST_PASSWORD], unix)) as string;
    assert.equal((await s.xapi.handleCall('VM.get_all', [local], unix)).ok, true);
    assert.deepEqual(await s.call('VM.get_all', local), { ok: false, error: ['HOST_IS_SLAVE', '192.0.2.10'] });
    // a delegated call with an empty session needs no login
    assert.equal((await s.xapi.handleCall('VM.get_all', [''], unix)).ok, true);
  } finally {
    await s.close();
  }
});

test('sessions and accounts survive a restart of a disk store', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-sessions-'));
  try {
    const model = getModel();
    const store1 = await openStore(dir, { model, pid: process.pid });
    const x1 = createXapi({ model, store: store1, settings: { authFailureDelayMs: 0 } });
    await x1.context.accounts.setPassword('root', 'pw1');
    const ref = valueOf(await x1.handleCall('session.login_with_password', ['root', 'pw1'], HTTP)) as string;
    await store1.close();
    const store2 = await openStore(dir, { model, pid: process.pid });
    const x2 = createXapi({ model, store: store2, settings: { authFailureDelayMs: 0 } });
    assert.deepEqual(await x2.handleCall('session.get_auth_user_name', [ref, ref], HTTP), { ok: true, value: 'root' });
    assert.equal((await x2.handleCall('session.login_with_password', ['root', 'pw1'], HTTP)).ok, true);
    await store2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('idle sessions end after 24 h; at most 500 live per user and originator', async () => {
  const model = getModel();
  const { openMemoryStore } = await import('../../src/server/store/memory.js');
  let now = Date.UTC(2026, 0, 1);
  const store = openMemoryStore();
  const x = createXapi({ model, store, clock: { now: () => new Date(now) }, settings: { authFailureDelayMs: 0, ownerName: 'ops' } });
  const unix: Channel = { kind: 'unix' };
  const login = async (originator: string): Promise<string> =>
    valueOf(await x.handleCall('session.login_with_password', ['', '', '1.1', originator], unix)) as string;
  const first = await login('cron');
  now += 25 * 3600 * 1000;
  const second = await login('cron');
  assert.equal((await x.handleCall('session.get_uuid', [first, first], unix)).ok, false);
  assert.equal((await x.handleCall('session.get_uuid', [second, second], unix)).ok, true);
  const oldest = await login('loop');
  for (let i = 0; i < 510; i++) await login('loop');
  assert.equal(store.count('session'), 501);
  assert.equal((await x.handleCall('session.get_uuid', [oldest, oldest], unix)).ok, false, 'the least recently active went first');
  assert.equal((await x.handleCall('session.get_uuid', [second, second], unix)).ok, true, 'other originators are left alone');
});
