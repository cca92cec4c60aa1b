// The far side of ssh's stream-local forward: `listenUnix` makes a 0600 socket, treats each connection as one
// delegated channel (empty session argument, password-less login), replaces a stale socket and refuses a live one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi } from '../../src/server/xapi.js';
import { listenUnix } from '../../src/server/unix.js';
import { seedFixture } from '../helpers/server.js';
import { unixTransport } from '../../src/transport/unix.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';

function xapi() {
  const model = getModel();
  const store = openMemoryStore();
  seedFixture(store, model);
  return createXapi({ model, store, settings: { authFailureDelayMs: 0, ownerName: 'alice' } });
}

test('serve --unix: 0600 socket, delegated calls, one session per connection, stale socket replaced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-unix-'));
  const path = join(dir, 'xapi.sock');
  // A socket file left behind by a dead server.
  const stale = createServer();
  await new Promise<void>((r) => stale.listen(path, r));
  stale.close();
  writeFileSync(join(dir, 'keep'), '');
  const x = xapi();
  const fe = await listenUnix(x, path);
  try {
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const t = unixTransport(path);
    const call = async (method: string, params: readonly string[]) => {
      const env = decodeXmlRpcResponse(await t.rpc(encodeXmlRpcCall(method, params), 'xmlrpc'));
      assert.ok(env.ok, `${method}: ${JSON.stringify(env)}`);
      return env.value;
    };
    const login = await call('session.login_with_password', ['root', 'not the password']);
    assert.match(String(login), /^OpaqueRef:/);
    // Empty session argument: the connection's delegated session, the same one for the next call.
    const vms = await call('VM.get_all', ['']);
    assert.ok(Array.isArray(vms) && vms.length > 0);
    const before = x.context.store.count('session');
    await call('VM.get_all', ['']);
    await call('host.get_all', ['']);
    assert.equal(x.context.store.count('session'), before, 'no new session per call');
    await t.close();
    // A second server on the same live socket is refused; a non-socket file is never replaced.
    await assert.rejects(listenUnix(x, path), /in use/);
    await assert.rejects(listenUnix(x, join(dir, 'keep')), /not a socket/);
    await assert.rejects(listenUnix(x, join(dir, 'no-such-dir', 's.sock')), (e: unknown) =>
      e instanceof Error && e.message === `cannot create the socket ${join(dir, 'no-such-dir', 's.sock')} in ${join(dir, 'no-such-dir')}: no such directory`);
  } finally {
    await fe.close(0);
    x.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
