// A running server offers its owner (and each subject that is an OS user) a socket of their own under
// STATE/users; `serve --stdio --state STATE` forwards to it, a caller with no socket is refused as login refuses
// a non-subject, and with no server running `serve --stdio` serves the state directly again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { runServe } from '../../src/server/serve.js';
import { forwardToDaemon } from '../../src/server/rbac/stdio-forward.js';
import { parsePasswd } from '../../src/server/rbac/os-users.js';
import { DAEMON_PID_FILE, USERS_DIR, userSocketPath } from '../../src/server/rbac/user-sockets.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import type { Envelope } from '../../src/wire/envelope.js';

let dir = '';
let state = '';
const stop = new AbortController();
let daemon: Promise<number> | undefined;
let daemonErr = '';

async function until(ready: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${daemonErr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `serve --stdio --state STATE` in-process with these calls on stdin; the replies, decoded. */
async function stdioCalls(calls: readonly [string, string[]][]): Promise<{ code: number; replies: Envelope[] }> {
  let out = '';
  const code = await runServe(['--stdio', '--state', state], {
    stdin: (async function* () {
      for (const [m, p] of calls) yield encodeXmlRpcCall(m, p);
    })(),
    stdout: { write: (c: string) => ((out += c), true) },
    stderr: { write: () => true },
    pid: process.pid,
  }, {});
  return { code, replies: out.split('\n').filter((l) => l.trim() !== '').map((l) => decodeXmlRpcResponse(l)) };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xenctl-user-sockets-'));
  state = join(dir, 'state');
  daemon = runServe(['--unix', join(dir, 'xapi.sock'), '--state', state], {
    stdout: { write: () => true }, stderr: { write: (c: string) => ((daemonErr += c), true) }, pid: process.pid, signal: stop.signal,
  }, {});
  await until(() => existsSync(userSocketPath(state, userInfo().uid)), 'the owner socket');
});

after(async () => {
  stop.abort();
  await daemon;
  rmSync(dir, { recursive: true, force: true });
});

test('the owner socket: 0600 in a 0711 directory; the state directory traversable, its other entries closed', () => {
  const sock = statSync(userSocketPath(state, userInfo().uid));
  assert.ok(sock.isSocket());
  assert.equal(sock.mode & 0o777, 0o600);
  assert.equal(sock.uid, userInfo().uid);
  assert.equal(statSync(join(state, USERS_DIR)).mode & 0o777, 0o711);
  assert.equal(statSync(join(state, USERS_DIR, DAEMON_PID_FILE)).mode & 0o777, 0o644);
  assert.equal(statSync(state).mode & 0o777, 0o711);
  assert.equal(statSync(join(state, 'root-password')).mode & 0o777, 0o600);
  assert.equal(statSync(join(state, 'vdi')).mode & 0o077, 0);
});

test('serve --stdio while the server runs: calls go through the socket (the lock is the server\'s)', async () => {
  const { code, replies } = await stdioCalls([['VM.get_all', ['']], ['session.get_all_subject_identifiers', ['']]]);
  assert.equal(code, 0);
  assert.equal(replies.length, 2);
  assert.ok(replies[0]?.ok && Array.isArray(replies[0].value) && replies[0].value.length > 0, JSON.stringify(replies[0]));
  assert.ok(replies[1]?.ok);
});

test('a caller the server offers no socket: every call is SESSION_AUTHORIZATION_FAILED [user, why]', async () => {
  let out = '';
  const handled = await forwardToDaemon(state, { uid: 2_000_000_001, name: 'nobody-here' }, {
    stdin: (async function* () {
      yield encodeXmlRpcCall('session.login_with_password', ['nobody-here', '']);
      yield encodeXmlRpcCall('VM.get_all', ['']);
    })(),
    stdout: { write: (c: string) => ((out += c), true) },
  });
  assert.equal(handled, true);
  const replies = out.split('\n').filter((l) => l !== '').map((l) => decodeXmlRpcResponse(l));
  assert.deepEqual(replies, [1, 2].map(() => ({ ok: false, error: ['SESSION_AUTHORIZATION_FAILED', 'nobody-here', 'nobody-here is not a subject of this pool'] })));
});

test('passwd parsing: names and uids, malformed lines skipped', () => {
  const users = parsePasswd('root:x:0:0:root:/root:/bin/sh\n# comment\nalice:x:1001:1001::/home/alice:/bin/sh\nbroken\nbad:x:u:g::/:/bin/sh\n');
  assert.deepEqual(users.byName('alice'), { name: 'alice', uid: 1001, gid: 1001 });
  assert.equal(users.byUid(0)?.name, 'root');
  assert.equal(users.byName('broken'), undefined);
  assert.equal(users.byName('bad'), undefined);
});

test('with the server stopped, serve --stdio serves the state itself; the sockets and PID file are gone', async () => {
  stop.abort();
  assert.equal(await daemon, 0);
  assert.equal(existsSync(userSocketPath(state, userInfo().uid)), false);
  assert.equal(existsSync(join(state, USERS_DIR, DAEMON_PID_FILE)), false);
  assert.equal(statSync(state).mode & 0o777, 0o700);
  const { code, replies } = await stdioCalls([['VM.get_all', ['']]]);
  assert.equal(code, 0);
  assert.ok(replies[0]?.ok);
});
