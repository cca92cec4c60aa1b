// `xenctl serve` as the CLI runs it (runServe in-process, real state directory, real HTTP).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServe } from '../../src/server/serve.js';
import { serveInProcess } from '../helpers/serve.js';
import { parseListen, parseServeArgs, coordinatorAddress, stateDir } from '../../src/server/serve-options.js';
import { xmlCall, valueOf } from '../helpers/server.js';



function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'xenctl-serve-'));
}

describe('xenctl serve', { timeout: 30_000 }, () => {
  test('a new state: demo pool, role objects, generated root password (0600), printed path', async () => {
    const dir = tempDir();
    try {
      const state = join(dir, 'state');
      const s = serveInProcess(['--listen', '127.0.0.1:0', '--state', state]);
      const url = await s.url;
      const pwFile = join(state, 'root-password');
      assert.match(s.stderr(), new RegExp(`root password written to ${pwFile}`));
      assert.equal(statSync(pwFile).mode & 0o777, 0o600);
      const password = readFileSync(pwFile, 'utf8').trim();
      const session = valueOf(await xmlCall(url, 'session.login_with_password', 'root', password));
      const pools = valueOf(await xmlCall(url, 'pool.get_all', session)) as string[];
      assert.equal(pools.length, 1);
      const admin = valueOf(await xmlCall(url, 'role.get_by_name_label', session, 'pool-admin'));
      assert.deepEqual(admin, ['OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba']);
      const perms = valueOf(await xmlCall(url, 'role.get_subroles', session, (admin as string[])[0]!)) as string[];
      assert.ok(perms.length > 1000);
      const readOnly = (valueOf(await xmlCall(url, 'role.get_by_name_label', session, 'read-only')) as string[])[0]!;
      const roPerms = valueOf(await xmlCall(url, 'role.get_subroles', session, readOnly)) as string[];
      assert.ok(roPerms.length < perms.length);
      const start = (valueOf(await xmlCall(url, 'role.get_by_name_label', session, 'vm.start')) as string[])[0]!;
      assert.ok(perms.includes(start) && !roPerms.includes(start));
      assert.equal(await s.stop(), 0);

      // a restart keeps the stored password and the sessions
      const again = serveInProcess(['--listen', '127.0.0.1:0', '--state', state]);
      const url2 = await again.url;
      assert.doesNotMatch(again.stderr(), /root password written/);
      assert.equal(valueOf(await xmlCall(url2, 'session.get_auth_user_name', session, session)), 'root');
      assert.equal((await xmlCall(url2, 'session.login_with_password', 'root', password)).ok, true);
      assert.equal(await again.stop(), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--password-file sets root\'s password; one process per state directory', async () => {
    const dir = tempDir();
    try {
      const pw = join(dir, 'pw');
      writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
      const state = join(dir, 'state');
      const s = serveInProcess(['--listen=127.0.0.1:0', '--state', state, '--password-file', pw]);
      const url = await s.url;
      assert.equal((await xmlCall(url, 'session.login_with_password', 'root', 'sekrit')).ok, true);
      const wrong = await xmlCall(url, 'session.login_with_password', 'root', 'sekrit\n');
      assert.equal(!wrong.ok && wrong.error[0], 'SESSION_AUTHENTICATION_FAILED');
      // another process (any other live PID) finds the directory locked
      const second = serveInProcess(['--listen', '127.0.0.1:0', '--state', state], process.ppid);
      assert.equal(await second.exit, 1);
      assert.match(second.stderr(), /lock|in use|another/i);
      assert.equal(await s.stop(), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a group-readable password file is refused', async () => {
    const dir = tempDir();
    try {
      const pw = join(dir, 'pw');
      writeFileSync(pw, 'x', { mode: 0o644 });
      const s = serveInProcess(['--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--password-file', pw]);
      assert.equal(await s.exit, 1);
      assert.match(s.stderr(), /readable by other users/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--supporter-of: every login answers HOST_IS_SLAVE [coordinator address]', async () => {
    const dir = tempDir();
    try {
      const s = serveInProcess(['--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--supporter-of', 'https://192.0.2.7:443']);
      const url = await s.url;
      assert.deepEqual(await xmlCall(url, 'session.login_with_password', 'root', 'anything'),
        { ok: false, error: ['HOST_IS_SLAVE', '192.0.2.7'] });
      assert.equal(await s.stop(), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors exit 2; --help exits 0', async () => {
    const lines: string[] = [];
    const io = { stdout: { write: (s: string) => lines.push(s) }, stderr: { write: (s: string) => lines.push(s) } };
    assert.equal(await runServe(['--bogus'], io, {}), 2);
    assert.match(lines.join(''), /unknown option --bogus/);
    assert.equal(await runServe(['--listen', 'nowhere'], io, {}), 2);
    assert.equal(await runServe(['--help'], io, {}), 0);
  });

  test('--stdio beside --listen: the end of stdin closes stdio only, the listener keeps serving', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenctl-serve-both-'));
    const abort = new AbortController();
    let err = '';
    let exit: Promise<number> = Promise.resolve(0);
    try {
      const io = {
        stdout: { write: (_s: string) => true },
        stderr: { write: (s: string) => ((err += s), true) },
        stdin: (async function* () {})(),
        pid: process.pid,
        signal: abort.signal,
      };
      let exited = false;
      exit = runServe(['--state', join(dir, 'state'), '--listen', '127.0.0.1:0', '--stdio'], io, { HOME: dir }).finally(() => (exited = true));
      for (let i = 0; i < 200 && !/listening on http/.test(err); i++) await new Promise((r) => setTimeout(r, 25));
      const url = /listening on (http:\/\/\S+)/.exec(err)?.[1] ?? '';
      assert.notEqual(url, '', err);
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(exited, false, 'stdin ended, the server must still run');
      const pw = readFileSync(join(dir, 'state', 'root-password'), 'utf8').trim();
      assert.equal(typeof valueOf(await xmlCall(url, 'session.login_with_password', 'root', pw)), 'string');
      abort.abort();
      assert.equal(await exit, 0);
    } finally {
      abort.abort();
      await exit.catch(() => 1); // the state is written on the way out: remove it after
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a missing TLS file, socket directory or password file fails before the state is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenctl-serve-pre-'));
    try {
      const lines: string[] = [];
      const io = { stdout: { write: (s: string) => lines.push(s) }, stderr: { write: (s: string) => lines.push(s) } };
      const state = join(dir, 'state');
      const tls = ['--state', state, '--listen', '127.0.0.1:0', '--tls-cert', join(dir, 'no.pem'), '--tls-key', join(dir, 'no.key')];
      assert.equal(await runServe(tls, io, {}), 1);
      assert.match(lines.join(''), /cannot read the TLS certificate/);
      assert.throws(() => statSync(state), /ENOENT/);
      assert.equal(await runServe(['--state', state, '--unix', join(dir, 'nodir', 'x.sock')], io, {}), 1);
      assert.match(lines.join(''), /cannot create the socket .*: no such directory/);
      assert.throws(() => statSync(state), /ENOENT/);
      const loose = join(dir, 'pw');
      writeFileSync(loose, 'secret\n', { mode: 0o644 });
      assert.equal(await runServe(['--state', state, '--listen', '127.0.0.1:0', '--password-file', loose], io, {}), 1);
      assert.match(lines.join(''), /readable by other users/);
      assert.throws(() => statSync(state), /ENOENT/);
      const empty = join(dir, 'empty');
      writeFileSync(empty, '\n', { mode: 0o600 });
      assert.equal(await runServe(['--state', state, '--listen', '127.0.0.1:0', '--password-file', empty], io, {}), 1);
      assert.match(lines.join(''), /is empty: the root password must not be/);
      assert.throws(() => statSync(state), /ENOENT/);
      assert.doesNotMatch(lines.join(''), /root password written/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('serve option parsing', () => {
  assert.deepEqual(parseListen('0.0.0.0:80'), { host: '0.0.0.0', port: 80 });
  assert.deepEqual(parseListen('[::1]:8443'), { host: '::1', port: 8443 });
  assert.deepEqual(parseListen('9000'), { host: '127.0.0.1', port: 9000 });
  const d = parseServeArgs([]);
  assert.deepEqual(d.listen, { host: '127.0.0.1', port: 8080 });
  assert.equal(stateDir(d, { XDG_DATA_HOME: '/data', HOME: '/h' }), '/data/xenctl/server');
  assert.equal(stateDir(parseServeArgs(['--state', 'S']), {}), 'S');
  assert.equal(d.extensions, true);
  assert.equal(parseServeArgs(['--unix', '/tmp/s']).listen, undefined);
  assert.equal(parseServeArgs(['--no-extensions']).extensions, false);
  assert.equal(coordinatorAddress('https://10.0.0.1'), '10.0.0.1');
  assert.equal(coordinatorAddress('http://[fd00::1]:80/'), 'fd00::1');
  assert.equal(coordinatorAddress('10.0.0.2'), '10.0.0.2');
});
