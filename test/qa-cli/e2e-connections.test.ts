// End to end: bin/xenctl against `bin/xenctl serve` processes over HTTP, HTTPS with --ca, a unix socket, local:,
// with password-file rules, contexts and precedence, and HOST_IS_SLAVE followed from a `serve --supporter-of`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, listeningOn } from '../helpers/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'xenctl-qa-conn-'));
const pw = join(dir, 'pw');
const sock = join(dir, 'x.sock');
const servers: ChildProcess[] = [];
let httpUrl = '';
let httpsUrl = '';
const baseEnv: Record<string, string> = {
  PATH: process.env['PATH'] ?? '', HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data'), NO_COLOR: '1',
};

interface Run { readonly code: number | null; readonly stdout: string; readonly stderr: string }

function xenctl(argv: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, ...argv], { env: { ...baseEnv, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdin.end();
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Starts `xenctl serve ARGS` and waits for every listening line it should print. */
async function serve(args: readonly string[], expect: RegExp[]): Promise<string[]> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: baseEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  servers.push(child);
  return listeningOn(child, expect);
}

const names = (r: Run): string[] => r.stdout.trim().split(',');

before(async () => {
  writeFileSync(pw, 'qa-secret\n', { mode: 0o600 });
  [httpUrl] = await serve(['--listen', '127.0.0.1:0', '--unix', sock, '--state', join(dir, 's1'), '--password-file', pw],
    [/listening on (http:\/\/\S+)/, /listening on (unix:\S+)/]) as [string];
  if (requireProgram('openssl', 'openssl') === false) {
    [httpsUrl] = await serve(['--listen', '127.0.0.1:0', '--tls', '--state', join(dir, 's2'), '--password-file', pw], [/listening on (https:\/\/\S+)/]) as [string];
  }
});

after(async () => {
  await Promise.all(servers.map((child) => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  })));
  rmSync(dir, { recursive: true, force: true });
});

test('http: a 0600 password file logs in; group/world-readable ones are refused (exit 2); a wrong password exits 4', async () => {
  const ok = await xenctl(['--url', httpUrl, '--password-file', pw, 'vm', 'list', '-c', 'name-label', '-o', 'minimal']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(names(ok).includes('web01'));
  const loose = join(dir, 'loose');
  writeFileSync(loose, 'qa-secret\n');
  for (const mode of [0o644, 0o640]) {
    chmodSync(loose, mode);
    const r = await xenctl(['--url', httpUrl, '--password-file', loose, 'vm', 'list'], {});
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /readable by group or others/);
    const viaEnv = await xenctl(['vm', 'list'], { XENCTL_URL: httpUrl, XENCTL_PASSWORD_FILE: loose });
    assert.equal(viaEnv.code, 2, viaEnv.stderr);
  }
  const wrong = join(dir, 'wrong');
  writeFileSync(wrong, 'nope\n', { mode: 0o600 });
  assert.equal((await xenctl(['--url', httpUrl, '--password-file', wrong, 'vm', 'list'])).code, 4);
  const none = await xenctl(['--url', httpUrl, 'vm', 'list']);
  assert.equal(none.code, 4, none.stderr);
  assert.match(none.stderr, /password/);
});

test('https: refused without --ca (exit 3), accepted with the server\'s certificate as --ca', { skip: requireProgram('openssl', 'openssl') }, async () => {
  const refused = await xenctl(['--url', httpsUrl, '--password-file', pw, 'host', 'list']);
  assert.equal(refused.code, 3, refused.stderr);
  const ok = await xenctl(['--url', httpsUrl, '--ca', join(dir, 's2', 'tls', 'cert.pem'), '--password-file', pw, 'host', 'list', '-c', 'name-label', '-o', 'minimal']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'host1,host2,host3\n');
});

test('unix: delegated, no password needed; a missing socket exits 3', async () => {
  const ok = await xenctl(['--url', `unix:${sock}`, 'vm', 'get', 'web01', 'power-state']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'Running\n');
  assert.equal((await xenctl(['--url', `unix:${join(dir, 'none.sock')}`, 'vm', 'list'])).code, 3);
});

test('local: nothing configured runs the embedded demo pool and says so in one stderr line', async () => {
  const home = mkdtempSync(join(dir, 'fresh-'));
  const r = await xenctl(['vm', 'list', '-c', 'name-label', '-o', 'minimal'], { HOME: home, XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd') });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(names(r).includes('web01'));
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /embedded demo server/);
});

test('contexts: add --use, then flags > environment > context', async () => {
  const add = await xenctl(['context', 'add', 'qa', '--url', httpUrl, '--password-file', pw, '--use']);
  assert.equal(add.code, 0, add.stderr);
  const list = await xenctl(['context', 'list', '-o', 'json']);
  assert.deepEqual((JSON.parse(list.stdout) as { name: string; current: boolean }[]).map((c) => [c.name, c.current]), [['qa', true]]);
  const where = async (argv: string[], env: Record<string, string> = {}): Promise<string> => {
    const r = await xenctl(['--debug', ...argv, 'pool', 'list', '-o', 'minimal'], env);
    assert.equal(r.code, 0, r.stderr);
    return /--> (\S+)/.exec(r.stderr)?.[1] ?? '';
  };
  assert.equal(await where([]), httpUrl);
  assert.equal(await where([], { XENCTL_URL: `unix:${sock}` }), `unix:${sock}`);
  assert.equal(await where(['--url', `unix:${sock}`], { XENCTL_URL: 'local:' }), `unix:${sock}`);
  assert.equal((await xenctl(['context', 'remove', 'qa'])).code, 0);
});

test('HOST_IS_SLAVE: a serve --supporter-of sends the client to the coordinator, where the change lands', async (t) => {
  const port = new URL(httpUrl).port;
  let supporter: string;
  try {
    [supporter] = await serve(['--listen', `127.0.0.2:${port}`, '--state', join(dir, 's3'), '--password-file', pw, '--supporter-of', httpUrl],
      [/listening on (http:\/\/\S+)/]) as [string];
  } catch {
    t.skip('cannot listen on 127.0.0.2 here');
    return;
  }
  const made = await xenctl(['--url', supporter, '--password-file', pw, 'vm', 'create', 'name-label=via-supporter', '-o', 'json']);
  assert.equal(made.code, 0, made.stderr);
  const onMaster = await xenctl(['--url', httpUrl, '--password-file', pw, 'vm', 'get', 'via-supporter', 'uuid']);
  assert.equal(onMaster.code, 0, onMaster.stderr);
  assert.equal(onMaster.stdout.trim(), (JSON.parse(made.stdout) as { uuid: string }).uuid);
});

test('HOST_IS_SLAVE: a supporter on the coordinator\'s host at another port sends the client to the right port', async () => {
  const [supporter] = await serve(['--listen', '127.0.0.1:0', '--state', join(dir, 's4'), '--password-file', pw, '--supporter-of', httpUrl],
    [/listening on (http:\/\/\S+)/]) as [string];
  const made = await xenctl(['--url', supporter, '--password-file', pw, 'vm', 'create', 'name-label=same-host-supporter', '-o', 'json']);
  assert.equal(made.code, 0, made.stderr);
  const onMaster = await xenctl(['--url', httpUrl, '--password-file', pw, 'vm', 'get', 'same-host-supporter', 'uuid']);
  assert.equal(onMaster.code, 0, onMaster.stderr);
  assert.equal(onMaster.stdout.trim(), (JSON.parse(made.stdout) as { uuid: string }).uuid);
});

test('HOST_IS_SLAVE: a supporter naming itself ends at once with a clear error (exit 3), not a loop', async () => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = (probe.address() as AddressInfo).port;
      probe.close(() => resolve(p));
    });
  });
  const self = `http://127.0.0.1:${port}`;
  await serve(['--listen', `127.0.0.1:${port}`, '--state', join(dir, 's5'), '--password-file', pw, '--supporter-of', self],
    [/listening on (http:\/\/\S+)/]);
  const r = await xenctl(['--url', self, '--password-file', pw, 'vm', 'list']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /HOST_IS_SLAVE redirects go round in a loop: http:\/\/127\.0\.0\.1:\d+ -> http:\/\/127\.0\.0\.1:\d+/);
});
