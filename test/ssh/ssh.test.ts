// `--url ssh://...` against a real OpenSSH sshd on loopback: key and agent authentication, known_hosts (plain,
// hashed, unknown, changed), ~/.ssh/config with ProxyJump, a stream-local forward to `serve --unix`, and
// `--remote-command 'xenctl serve --stdio'`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, onTerminal, runXenctl as xenctl } from '../helpers/bin.js';
import { makeKey, startAgent, startSshd, type Sshd } from '../helpers/sshd.js';

const skip = requireProgram('sshd', 'openssh-server') || requireProgram('ssh-keygen', 'openssh-client');

function fingerprintOf(pubLine: string, dir: string): string {
  const f = join(dir, `fp-${Math.random().toString(36).slice(2)}.pub`);
  writeFileSync(f, `${pubLine}\n`);
  const out = spawnSync('ssh-keygen', ['-lf', f], { encoding: 'utf8' }).stdout;
  return out.split(/\s+/)[1] ?? '';
}

let dir = '';
let sshd: Sshd | undefined;
let server: ChildProcess | undefined;
let sock = '';
let keyFile = '';

/** A HOME with the client key (optional) and a known_hosts (given lines). */
function home(name: string, opts: { key?: boolean; knownHosts?: readonly string[] } = {}): Record<string, string> {
  const h = join(dir, name);
  mkdirSync(join(h, '.ssh'), { recursive: true, mode: 0o700 });
  if (opts.key !== false) copyFileSync(keyFile, join(h, '.ssh', 'id_ed25519'));
  writeFileSync(join(h, '.ssh', 'known_hosts'), (opts.knownHosts ?? []).map((l) => `${l}\n`).join(''));
  return { HOME: h, XDG_CONFIG_HOME: join(h, 'config'), XDG_DATA_HOME: join(h, 'data') };
}

function knownLine(): string {
  if (sshd === undefined) throw new Error('no sshd');
  return `[127.0.0.1]:${sshd.port} ${sshd.hostKey}`;
}

function url(path = sock): string {
  if (sshd === undefined) throw new Error('no sshd');
  return `ssh://${sshd.user}@127.0.0.1:${sshd.port}${path}`;
}

before(async () => {
  if (skip !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'xenctl-ssh-'));
  keyFile = join(dir, 'client_key');
  const pub = makeKey(keyFile);
  sshd = await startSshd(dir);
  writeFileSync(sshd.authorizedKeys, `${pub}\n`);
  sock = join(dir, 'xapi.sock');
  server = spawn(process.execPath, [BIN, 'serve', '--unix', sock, '--state', join(dir, 'state')], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir } });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    server?.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('listening on unix:')) resolve();
    });
    server?.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
});

after(async () => {
  if (server?.pid !== undefined && server.exitCode === null) {
    const gone = new Promise((r) => server?.once('exit', r));
    process.kill(server.pid, 'SIGTERM');
    await gone;
  }
  await sshd?.stop();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

test('ssh: key authentication, stream-local forward to serve --unix, no xapi password', { skip, timeout: 60_000 }, async () => {
  const env = home('key', { knownHosts: [knownLine()] });
  const r = await xenctl(['--url', url(), 'vm', 'list', '-o', 'json', '-c', 'name_label'], env);
  assert.equal(r.code, 0, r.stderr);
  const names = (JSON.parse(r.stdout) as { name_label: string }[]).map((v) => v.name_label);
  assert.ok(names.includes('web01') && names.includes('db01'), names.join(','));
  // A write through one command is seen by the next (same server behind the socket).
  const w = await xenctl(['--url', url(), 'vm', 'set', 'web01', 'name-description=set over ssh'], env);
  assert.equal(w.code, 0, w.stderr);
  const g = await xenctl(['--url', url(), 'vm', 'get', 'web01', 'name-description'], env);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(g.stdout.trim(), 'set over ssh');
});

test('ssh: authentication through a real ssh-agent (no key files at all)', { skip, timeout: 60_000 }, async () => {
  const agent = await startAgent(dir, keyFile);
  try {
    const env = home('agent', { key: false, knownHosts: [knownLine()] });
    const r = await xenctl(['--url', url(), 'host', 'list', '-o', 'json', '-c', 'name_label'], { ...env, SSH_AUTH_SOCK: agent.sock });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /host1/);
    const none = await xenctl(['--url', url(), 'host', 'list'], env);
    assert.equal(none.code, 4, none.stderr);
    assert.match(none.stderr, /accepted none of our keys/);
  } finally {
    await agent.stop();
  }
});

test('ssh: --identity names the key; hashed known_hosts entries match', { skip, timeout: 60_000 }, async () => {
  const env = home('identity', { key: false, knownHosts: [knownLine()] });
  const kh = join(env['HOME']!, '.ssh', 'known_hosts');
  assert.equal(spawnSync('ssh-keygen', ['-H', '-f', kh], { encoding: 'utf8' }).status, 0);
  assert.match(readFileSync(kh, 'utf8'), /^\|1\|/);
  const r = await xenctl(['--url', url(), '--identity', keyFile, 'pool', 'list', '-o', 'json', '-c', 'name_label'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /demo/);
});

test('ssh: an unknown host is refused when nobody is at the keyboard, with how to add it', { skip, timeout: 60_000 }, async () => {
  const env = home('unknown');
  const r = await xenctl(['--url', url(), 'vm', 'list'], env);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /not a known host/);
  // The key shown is the key to add: not fetched again (ssh-keyscan), which could fetch another.
  assert.ok(r.stderr.includes(`echo '${knownLine()}' >> ${join(env['HOME']!, '.ssh', 'known_hosts')}`), r.stderr);
  assert.doesNotMatch(r.stderr, /ssh-keyscan/);
  assert.ok(r.stderr.includes(fingerprintOf(sshd!.hostKey, dir)), r.stderr);
  assert.equal(readFileSync(join(env['HOME']!, '.ssh', 'known_hosts'), 'utf8'), '', 'nothing recorded');
});

test('ssh: a changed host key is refused with both fingerprints', { skip, timeout: 60_000 }, async () => {
  const other = makeKey(join(dir, 'impostor_key')).split(/\s+/).slice(0, 2).join(' ');
  const env = home('changed', { knownHosts: [`[127.0.0.1]:${sshd!.port} ${other}`] });
  const r = await xenctl(['--url', url(), 'vm', 'list'], env);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /CHANGED/);
  assert.ok(r.stderr.includes(fingerprintOf(other, dir)), `old fingerprint missing: ${r.stderr}`);
  assert.ok(r.stderr.includes(fingerprintOf(sshd!.hostKey, dir)), `new fingerprint missing: ${r.stderr}`);
});

test('ssh: ~/.ssh/config Host alias (HostName, Port, User, IdentityFile) through a ProxyJump', { skip, timeout: 60_000 }, async () => {
  const env = home('config', { key: false, knownHosts: [knownLine()] });
  const ssh = join(env['HOME']!, '.ssh');
  copyFileSync(keyFile, join(ssh, 'lab_key'));
  // The jump host logs in with a key of its own, so sshd's log shows whether the hop was made.
  const jumpPub = makeKey(join(ssh, 'jump_key'));
  appendFileSync(sshd!.authorizedKeys, `${jumpPub}\n`);
  const jumpFp = fingerprintOf(jumpPub, dir);
  writeFileSync(join(ssh, 'config'), [
    'Host jumpbox', '  HostName 127.0.0.1', `  Port ${sshd!.port}`, `  User ${sshd!.user}`, '  IdentityFile ~/.ssh/jump_key',
    'Host xenbox', '  HostName 127.0.0.1', `  Port ${sshd!.port}`, `  User ${sshd!.user}`, '  IdentityFile ~/.ssh/lab_key', '  ProxyJump jumpbox', '',
  ].join('\n'));
  assert.ok(!sshd!.log().includes(jumpFp));
  const r = await xenctl(['--url', `ssh://xenbox${sock}`, 'vm', 'list', '-o', 'json', '-c', 'name_label'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /web02/);
  assert.ok(sshd!.log().includes(jumpFp), 'the jump host was logged into with its own key');
});

test('ssh: --remote-command runs xenctl serve --stdio there and speaks bare XML to it', { skip, timeout: 60_000 }, async () => {
  const env = home('remote', { knownHosts: [knownLine()] });
  const cmd = `${process.execPath} ${BIN} serve --stdio --state ${join(dir, 'remote-state')}`;
  const r = await xenctl(['--url', url(''), '--remote-command', cmd, 'vm', 'list', '-o', 'json', '-c', 'name_label,power_state'], env);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { name_label: string; power_state: string }[];
  assert.deepEqual(rows.find((v) => v.name_label === 'web01')?.power_state, 'Running');
  const bad = await xenctl(['--url', url(''), '--remote-command', 'exit 7', 'vm', 'list'], env);
  assert.equal(bad.code, 3, bad.stderr);
  assert.match(bad.stderr, /exit status 7/);
  const echoing = await xenctl(['--url', url(''), '--remote-command', 'cat', 'vm', 'list'], env);
  assert.equal(echoing.code, 3, echoing.stderr);
  assert.match(echoing.stderr, /\(cat\) does not answer in bare XML-RPC/);
});

test('ssh: on a terminal an unknown host key is asked about: yes records it, no exits 130', { skip: skip || requireProgram('script', 'bsdutils'), timeout: 60_000 }, async () => {
  const env = home('tty');
  const no = await onTerminal(['--url', url(), 'pool', 'list', '-c', 'name-label'], env, 'n');
  assert.equal(no.code, 130, no.out);
  assert.equal(readFileSync(join(env['HOME']!, '.ssh', 'known_hosts'), 'utf8'), '');
  const yes = await onTerminal(['--url', url(), 'pool', 'list', '-c', 'name-label'], env, 'y');
  assert.equal(yes.code, 0, yes.out);
  assert.match(yes.out, /can't be established/);
  assert.match(yes.out, /demo/);
  assert.match(readFileSync(join(env['HOME']!, '.ssh', 'known_hosts'), 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd!.port} ssh-ed25519 `));
});

/** Runs xenctl on a pseudo-terminal and types `answer` at each passphrase prompt. */
function withPassphrase(args: readonly string[], env: Record<string, string>, answer: string): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let asked = 0;
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    const prompts = out.split('Enter passphrase for key').length - 1;
    if (prompts > asked) {
      asked = prompts;
      child.stdin?.write(`${answer}\r`);
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

test('ssh: on a terminal the CLI asks for the passphrase of a ~/.ssh key, and logs in with it', { skip: skip || requireProgram('script', 'bsdutils'), timeout: 60_000 }, async () => {
  const env = home('passphrase', { key: false, knownHosts: [knownLine()] });
  const locked = join(env['HOME']!, '.ssh', 'id_ed25519');
  appendFileSync(sshd!.authorizedKeys, `${makeKey(locked, 'open sesame')}\n`);
  const ok = await withPassphrase(['--url', url(), 'pool', 'list', '-c', 'name-label'], env, 'open sesame');
  assert.equal(ok.code, 0, ok.out);
  assert.match(ok.out, /Enter passphrase for key '.*id_ed25519'/);
  assert.match(ok.out, /demo/);
  const wrong = await withPassphrase(['--url', url(), 'pool', 'list'], env, 'not it');
  assert.equal(wrong.code, 4, wrong.out);
  assert.match(wrong.out, /wrong passphrase/);
});

test('--remote-command and --identity on a URL that is not ssh:// are usage errors, not silently ignored', async () => {
  const h = mkdtempSync(join(tmpdir(), 'xenctl-ssh-flags-'));
  try {
    const env = { HOME: h, XDG_CONFIG_HOME: join(h, 'config'), XDG_DATA_HOME: join(h, 'data') };
    const cmd = await xenctl(['--url', `unix:${join(h, 'none.sock')}`, '--remote-command', 'xenctl serve --stdio', 'pool', 'list'], env);
    assert.equal(cmd.code, 2, cmd.stderr);
    assert.match(cmd.stderr, /--remote-command applies to ssh:\/\/ URLs only; this command connects to unix:/);
    const id = await xenctl(['--url', 'http://127.0.0.1:1', '--identity', join(h, 'key'), 'pool', 'list'], env);
    assert.equal(id.code, 2, id.stderr);
    assert.match(id.stderr, /--identity applies to ssh:\/\/ URLs only/);
  } finally {
    rmSync(h, { recursive: true, force: true });
  }
});

test('ssh: a private key others can read is refused (--identity: exit 4 naming it; ~/.ssh: skipped and named), as ssh does', { skip, timeout: 60_000 }, async () => {
  const env = home('loose', { key: false, knownHosts: [knownLine()] });
  const loose = join(env['HOME'] ?? dir, '.ssh', 'id_ed25519');
  copyFileSync(keyFile, loose);
  chmodSync(loose, 0o644);
  const named = await xenctl(['--url', url(), '--identity', loose, 'pool', 'list'], env);
  assert.equal(named.code, 4, named.stderr);
  assert.match(named.stderr, /refusing the ssh key .*id_ed25519: it is accessible by group or others \(mode 0644\); run chmod 600/);
  const found = await xenctl(['--url', url(), 'pool', 'list'], env);
  assert.equal(found.code, 4, found.stderr);
  assert.match(found.stderr, /skipped .*id_ed25519 \(it is accessible by group or others \(mode 0644\)/);
  chmodSync(loose, 0o600);
  const ok = await xenctl(['--url', url(), 'pool', 'list', '-q'], env);
  assert.equal(ok.code, 0, ok.stderr);
});
