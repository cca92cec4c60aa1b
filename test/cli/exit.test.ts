import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { homeWithPassword, runCli, startCliServer, tempHome } from '../helpers/cli.js';
import { silentServer } from '../helpers/silent-server.js';
import { startTestServer, TEST_PASSWORD } from '../helpers/server.js';
import { formatFailure } from '../../src/cli/errors.js';

const server = startCliServer();

test('exit 0, and --help documents the exit status', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /EXIT STATUS/);
  assert.match(r.stdout, /130\s+interrupted/);
  const v = await runCli(['vm', 'clean-shutdown', '--help']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /EXIT STATUS/);
  assert.match(v.stdout, /VM\.clean_shutdown/);
  assert.match(v.stdout, /ROLES ALLOWED\n  pool-admin/);
});

test('--version', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^xenctl \d+\.\d+\.\d+\n$/);
});

test('exit 1: the server refused the call (message from the error catalogue, code and params)', async () => {
  const r = await runCli(['vm', 'get', 'OpaqueRef:00000000-dead-beef-0000-000000000000'], { server });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^xenctl: .+ \[HANDLE_INVALID VM OpaqueRef:00000000-dead-beef-0000-000000000000\]\n$/);
});

test('exit 1 with -o json: the error object on stderr', async () => {
  const r = await runCli(['vm', 'get', 'OpaqueRef:nope', '-o', 'json'], { server });
  assert.equal(r.code, 1);
  const parsed = JSON.parse(r.stderr) as { error: { code: string; params: string[]; message: string } };
  assert.equal(parsed.error.code, 'HANDLE_INVALID');
  assert.deepEqual(parsed.error.params, ['VM', 'OpaqueRef:nope']);
  assert.ok(parsed.error.message.length > 0);
});

test('exit 2: usage errors, with did-you-mean for nouns, verbs and options', async () => {
  const noun = await runCli(['vmm', 'list'], { server });
  assert.equal(noun.code, 2);
  assert.equal(noun.stderr, "xenctl: unknown command 'vmm' (did you mean 'vm'?)\n");
  const verb = await runCli(['vm', 'lsit'], { server });
  assert.equal(verb.code, 2);
  assert.match(verb.stderr, /did you mean 'list'/);
  const flag = await runCli(['vm', 'start', 'db01', '--start-pasued'], { server });
  assert.equal(flag.code, 2);
  assert.match(flag.stderr, /did you mean '--start-paused'/);
  const missing = await runCli(['vm', 'snapshot', 'web01'], { server });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /missing --new-name/);
  const json = await runCli(['vmm', 'list', '-o', 'json'], { server });
  assert.equal((JSON.parse(json.stderr) as { error: { code: string } }).error.code, 'USAGE');
});

test('exit 3: nothing listening', async () => {
  const { env, file } = homeWithPassword();
  const r = await runCli(['vm', 'list', '--url', 'http://127.0.0.1:1', '--password-file', file], { env });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /ECONNREFUSED/);
});

test('exit 3: the --timeout deadline passes', async () => {
  const silent = await silentServer();
  try {
    const { env, file } = homeWithPassword();
    const r = await runCli(['vm', 'list', '--url', silent.url, '--password-file', file, '--timeout', '0.3'], { env });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /deadline/);
  } finally {
    await silent.close();
  }
});

test('exit 130: interrupted', async () => {
  const silent = await silentServer();
  try {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const { env, file } = homeWithPassword();
    const r = await runCli(['vm', 'list', '--url', silent.url, '--password-file', file], { env, signal: ac.signal });
    assert.equal(r.code, 130, r.stderr);
  } finally {
    await silent.close();
  }
});

test('exit 4: authentication failed over HTTP; a right password works', async () => {
  const http = await startTestServer();
  try {
    const env = tempHome();
    const bad = join(env['HOME'] ?? '', 'bad');
    const good = join(env['HOME'] ?? '', 'good');
    writeFileSync(bad, 'wrong\n');
    writeFileSync(good, `${TEST_PASSWORD}\n`);
    chmodSync(bad, 0o600);
    chmodSync(good, 0o600);
    const none = await runCli(['vm', 'list', '--url', http.url], { env });
    assert.equal(none.code, 4, none.stderr);
    assert.match(none.stderr, /needs a password/);
    const r = await runCli(['vm', 'list', '--url', http.url, '--password-file', bad], { env });
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /SESSION_AUTHENTICATION_FAILED/);
    const ok = await runCli(['vm', 'list', '-o', 'minimal', '-c', 'name-label', '--url', http.url, '--password-file', good], { env });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /web01/);
  } finally {
    await http.close();
  }
});

test('exit 5: a wait that reaches its --timeout', async () => {
  const r = await runCli(['vm', 'wait', 'web01', 'power-state=Halted', '--timeout', '0.3'], { server });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /^xenctl: .*power-state=Halted.* \[TIMEOUT\]\n$/);
  const done = await runCli(['vm', 'wait', 'web01', 'power-state=running', '--timeout', '5'], { server });
  assert.equal(done.code, 0, done.stderr);
});

test('exit 6: a bulk verb that failed for some objects (one result row each)', async () => {
  // web01 is running (pause works), db01 halted (pause fails); web01 runs again afterwards.
  const r = await runCli(['vm', 'pause', '--where', 'name-label!=twin', '--multiple', '--continue-on-error', '-o', 'ndjson'], { server });
  try {
    assert.equal(r.code, 6, r.stderr);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name_label: string; result: string; error: string });
    assert.deepEqual(rows.map((x) => [x.name_label, x.result]), [['db01', 'failed'], ['web01', 'ok']]);
    assert.equal(rows[0]?.error, 'VM_BAD_POWER_STATE');
  } finally {
    await runCli(['vm', 'unpause', 'web01'], { server });
  }
});

test('an error is one line on stderr even when its text has several', () => {
  const f = { exit: 3, code: 'EPROTO', params: ['https://h:1'], message: 'cannot talk to https://h:1: write EPROTO 80:error:SSL routines:ssl3_get_record\n' };
  assert.equal(formatFailure(f, false), 'xenctl: cannot talk to https://h:1: write EPROTO 80:error:SSL routines:ssl3_get_record [EPROTO https://h:1]\n');
  assert.equal(formatFailure({ ...f, message: 'first\r\n  second' }, false), 'xenctl: first second [EPROTO https://h:1]\n');
});
