// Per-user identity through `ssh USER@host xenctl serve --stdio` against a real sshd: the server runs as the ssh
// login user, who is its owner — whoami names that user, pool-admin, local superuser — and a password account of
// another user on the same state is a subject with its own (limited) roles.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, runXenctl as xenctl } from '../helpers/bin.js';
import { makeKey, startSshd, type Sshd } from '../helpers/sshd.js';

const skip = requireProgram('sshd', 'openssh-server') || requireProgram('ssh-keygen', 'openssh-client');

let dir = '';
let sshd: Sshd | undefined;
let env: Record<string, string> = {};

before(async () => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'xenctl-rbac-ssh-'));
  const key = join(dir, 'client_key');
  const pub = makeKey(key);
  sshd = await startSshd(dir);
  writeFileSync(sshd.authorizedKeys, `${pub}\n`);
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  copyFileSync(key, join(home, '.ssh', 'id_ed25519'));
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKey}\n`);
  env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
});

after(async () => {
  await sshd?.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('ssh USER@host xenctl serve --stdio: the session is USER, the owner; subjects added there are limited', { skip, timeout: 60_000 }, async () => {
  if (sshd === undefined) throw new Error('no sshd');
  const state = join(dir, 'state');
  const over = ['--url', `ssh://${sshd.user}@127.0.0.1:${sshd.port}`, '--remote-command', `${process.execPath} ${BIN} serve --stdio --state ${state}`];
  const who = await xenctl([...over, 'whoami', '-o', 'json'], env);
  assert.equal(who.code, 0, who.stderr);
  const me = JSON.parse(who.stdout) as Record<string, unknown>;
  assert.equal(me['user'], sshd.user);
  assert.equal(me['is_local_superuser'], true);
  assert.deepEqual(me['roles'], ['pool-admin']);

  // The owner adds a subject over the same channel; its roles are what the audit log and a login then see.
  const pw = join(dir, 'carol-pw');
  writeFileSync(pw, 'carol-secret\n');
  chmodSync(pw, 0o600);
  const add = await xenctl([...over, 'subject', 'add', 'carol', '--role', 'vm-operator', '--new-password-file', pw], env);
  assert.equal(add.code, 0, add.stderr);
  const list = await xenctl([...over, 'subject', 'list', '-o', 'value', '-c', 'subject-identifier,roles'], env);
  assert.equal(list.stdout, 'carol\tvm-operator\n');
  const audit = await xenctl([...over, 'audit', 'list', '--where', 'method=subject.create', '-o', 'json'], env);
  const entries = JSON.parse(audit.stdout) as Record<string, string>[];
  assert.deepEqual(entries.map((e) => [e['user'], e['decision']]), [[sshd.user, 'ALLOWED']]);
});
