// Per-user identity of one shared pool over ssh (issue 12, point 3): root runs `xenctl serve --state DIR`; two OS
// users made by the test reach it with `ssh USER@host xenctl serve --stdio --state DIR`. alice, a subject granted
// vm-operator, is herself there (whoami, the audit log) with her role's limits; bob, no subject, is refused.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, runXenctl, type Run } from '../helpers/bin.js';
import { makeKey, startSshd, type Sshd } from '../helpers/sshd.js';
import { addUser, removeUser, requireUserAdmin, type OsUser } from './os-users.js';

const skip = requireProgram('sshd', 'openssh-server') || requireProgram('ssh-keygen', 'openssh-client') || requireUserAdmin();

let dir = '';
let state = '';
let sshd: Sshd | undefined;
let daemon: ChildProcess | undefined;
let daemonExit: Promise<void> = Promise.resolve();
let env: Record<string, string> = {};
const users: OsUser[] = [];

const xenctl = (args: readonly string[]): Promise<Run> => runXenctl(args, env);

/** The xenctl the test's OS users run (binForOthers). */
let farBin = BIN;

/** xenctl as `user` over ssh, the remote command forwarding to the pool's server. */
const as = (user: string, args: readonly string[]): Promise<Run> => xenctl(['--url', `ssh://${user}@127.0.0.1:${sshd?.port ?? 0}`,
  '--remote-command', `${process.execPath} ${farBin} serve --stdio --state ${state}`, ...args]);

/** Whether every directory above `path` lets other users through (o+x). */
function othersReach(path: string): boolean {
  for (let p = dirname(path); ; p = dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) return false;
    if (p === dirname(p)) return true;
  }
}

/**
 * This checkout's xenctl, or, when other users cannot reach it (a clone in a private `mktemp -d` directory), a copy
 * of what it runs from (bin, dist, node_modules) in the test's own directory, as an installed xenctl would be.
 */
function binForOthers(into: string): string {
  if (othersReach(BIN)) return BIN;
  const root = dirname(dirname(BIN));
  const copy = join(into, 'xenctl');
  for (const part of ['package.json', 'bin', 'dist', 'node_modules']) cpSync(join(root, part), join(copy, part), { recursive: true });
  return join(copy, 'bin', 'xenctl');
}
/** xenctl as root on the server's own unix socket. */
const owner = (args: readonly string[]): Promise<Run> => xenctl(['--url', `unix:${join(dir, 'xapi.sock')}`, ...args]);

async function until(ready: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'xenctl-per-user-'));
  // The users must reach node, the checkout, the state directory's parent and sshd's authorized_keys.
  chmodSync(dir, 0o755);
  farBin = binForOthers(dir);
  users.push(addUser('xalice'), addUser('xbob'));
  const key = join(dir, 'client_key');
  const pub = makeKey(key);
  writeFileSync(join(dir, 'authorized_keys'), `${pub}\n`, { mode: 0o644 });
  sshd = await startSshd(dir);
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  copyFileSync(key, join(home, '.ssh', 'id_ed25519'));
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKey}\n`);
  env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
  state = join(dir, 'state');
  daemon = spawn(process.execPath, [BIN, 'serve', '--unix', join(dir, 'xapi.sock'), '--state', state], { stdio: ['ignore', 'ignore', 'inherit'], env: { PATH: process.env['PATH'] ?? '', ...env } });
  const child = daemon;
  daemonExit = new Promise((resolve) => child.once('exit', () => resolve()));
  await until(() => existsSync(join(dir, 'xapi.sock')), 'the server');
});

after(async () => {
  if (daemon?.exitCode === null && daemon.pid !== undefined) process.kill(daemon.pid, 'SIGTERM');
  await daemonExit;
  await sshd?.stop();
  for (const u of users) removeUser(u.name);
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('alice (vm-operator) is herself through ssh; bob (no subject) is refused; the audit log names alice', { skip, timeout: 120_000 }, async () => {
  const [alice, bob] = users as [OsUser, OsUser];
  const add = await owner(['subject', 'add', alice.name, '--role', 'vm-operator']);
  assert.equal(add.code, 0, add.stderr);
  const socket = join(state, 'users', `${alice.uid}.sock`);
  await until(() => existsSync(socket), `${alice.name}'s socket`);

  // Only alice may connect to her socket; only what she must traverse is open to her.
  const st = statSync(socket);
  assert.equal(st.uid, alice.uid);
  assert.equal(st.mode & 0o777, 0o600);
  assert.equal(statSync(state).mode & 0o777, 0o711);
  assert.equal(statSync(join(state, 'users')).mode & 0o777, 0o711);
  assert.equal(statSync(join(state, 'root-password')).mode & 0o777, 0o600);
  assert.equal(statSync(join(state, 'vdi')).mode & 0o077, 0);

  const who = await as(alice.name, ['whoami', '-o', 'json']);
  assert.equal(who.code, 0, who.stderr);
  const me = JSON.parse(who.stdout) as Record<string, unknown>;
  assert.equal(me['user'], alice.name);
  assert.equal(me['is_local_superuser'], false);
  assert.deepEqual(me['roles'], ['vm-operator']);

  const start = await as(alice.name, ['vm', 'start', 'mail01']);
  assert.equal(start.code, 0, start.stderr);
  const denied = await as(alice.name, ['host', 'disable', 'host1']);
  assert.equal(denied.code, 1, denied.stderr);
  assert.match(denied.stderr, /\[RBAC_PERMISSION_DENIED host\.disable /);

  const refused = await as(bob.name, ['whoami']);
  assert.equal(refused.code, 4, refused.stderr);
  assert.match(refused.stderr, new RegExp(`\\[SESSION_AUTHORIZATION_FAILED ${bob.name} `));

  const audit = await owner(['audit', 'list', '--where', `user=${alice.name}`, '-o', 'json']);
  assert.equal(audit.code, 0, audit.stderr);
  const entries = (JSON.parse(audit.stdout) as Record<string, string>[]).map((e) => [e['method'], e['decision']]);
  assert.deepEqual(entries, [['VM.start', 'ALLOWED'], ['host.disable', 'DENIED']]);

  // The pool still has one owner: root's whoami through the same server.
  const root = await owner(['whoami', '-o', 'json']);
  assert.equal((JSON.parse(root.stdout) as Record<string, unknown>)['is_local_superuser'], true);

  // A removed subject loses the socket at once, and is then refused like bob.
  const remove = await owner(['subject', 'remove', alice.name]);
  assert.equal(remove.code, 0, remove.stderr);
  await until(() => !existsSync(socket), `${alice.name}'s socket to go`);
  const gone = await as(alice.name, ['whoami']);
  assert.equal(gone.code, 4, gone.stderr);
  assert.match(gone.stderr, /SESSION_AUTHORIZATION_FAILED/);
});
