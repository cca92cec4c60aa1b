// HTTPS end to end: `bin/xenctl serve --tls` with its generated self-signed certificate; the CLI refuses it by
// default, accepts it after `xenctl trust` or with `--ca`, warns on `--insecure`, and refuses a changed certificate
// (even with --insecure) once it is pinned. Also `--tls-cert/--tls-key`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { BIN, onTerminal, runXenctl as xenctl } from '../helpers/bin.js';

const skip = requireProgram('openssl', 'openssl');

interface Served { child: ChildProcess; port: number; fingerprint: string; stop(): Promise<void> }

async function serve(args: readonly string[], home: string): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: home } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
      const hit = /listening on https:\/\/127\.0\.0\.1:(\d+) \(certificate .*, SHA256 ([0-9A-F:]+)\)/.exec(err);
      if (hit !== null) resolve(hit);
    });
    void exited.then(() => reject(new Error(`serve exited: ${err}`)));
  });
  return {
    child,
    port: Number(m[1]),
    fingerprint: m[2] ?? '',
    async stop(): Promise<void> {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}

function homeEnv(dir: string, name: string): Record<string, string> {
  const h = join(dir, name);
  return { HOME: h, XDG_CONFIG_HOME: join(h, 'config'), XDG_DATA_HOME: join(h, 'data') };
}

test('tls: generated certificate refused by default, accepted after trust or with --ca, refused when it changes', { skip, timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-tls-'));
  let srv: Served | undefined;
  try {
    const state = join(dir, 'state');
    srv = await serve(['--listen', '127.0.0.1:0', '--tls', '--state', state], dir);
    const port = srv.port;
    const url = `https://127.0.0.1:${port}`;
    const pw = join(state, 'root-password');
    const env = homeEnv(dir, 'alice');
    const list = ['--url', url, '--password-file', pw, 'vm', 'list', '-o', 'json', '-c', 'name_label'];

    const refused = await xenctl(list, env);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /xenctl trust/);

    const trust = await xenctl(['trust', `127.0.0.1:${port}`], env);
    assert.equal(trust.code, 0, trust.stderr);
    assert.equal(trust.stdout.trim(), `127.0.0.1:${port} ${srv.fingerprint}`);
    assert.match(readFileSync(join(env['XDG_CONFIG_HOME']!, 'xenctl', 'known_tls'), 'utf8'), new RegExp(`127\\.0\\.0\\.1:${port} ${srv.fingerprint}`));

    const pinned = await xenctl(list, env);
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.match(pinned.stdout, /web01/);

    const bob = homeEnv(dir, 'bob');
    const withCa = await xenctl(['--ca', join(state, 'tls', 'cert.pem'), ...list], bob);
    assert.equal(withCa.code, 0, withCa.stderr);
    const insecure = await xenctl(['--insecure', ...list], bob);
    assert.equal(insecure.code, 0, insecure.stderr);
    assert.match(insecure.stderr, /warning: --insecure/);

    // The same address with a new certificate (another state, so another generated pair).
    await srv.stop();
    const old = srv.fingerprint;
    srv = await serve(['--listen', `127.0.0.1:${port}`, '--tls', '--state', join(dir, 'state2')], dir);
    assert.notEqual(srv.fingerprint, old);
    const pw2 = join(dir, 'state2', 'root-password');
    for (const extra of [[], ['--insecure']]) {
      const changed = await xenctl([...extra, '--url', url, '--password-file', pw2, 'vm', 'list'], env);
      assert.equal(changed.code, 3, changed.stderr);
      assert.match(changed.stderr, /CHANGED/);
      assert.ok(changed.stderr.includes(old) && changed.stderr.includes(srv.fingerprint), changed.stderr);
    }
    // Replacing a pin without a terminal needs --yes.
    assert.equal((await xenctl(['trust', `127.0.0.1:${port}`], env)).code, 2);
    assert.equal((await xenctl(['trust', '--yes', `127.0.0.1:${port}`], env)).code, 0);
    assert.equal((await xenctl(['--url', url, '--password-file', pw2, 'vm', 'list'], env)).code, 0);
  } finally {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tls: serve --tls-cert/--tls-key serves the given certificate', { skip, timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-tls-given-'));
  let srv: Served | undefined;
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const state = join(dir, 'state');
    srv = await serve(['--listen', '127.0.0.1:0', '--tls-cert', cert, '--tls-key', key, '--state', state], dir);
    const res = await xenctl(['--ca', cert, '--url', `https://127.0.0.1:${srv.port}`, '--password-file', join(state, 'root-password'), 'pool', 'list', '-o', 'json'], homeEnv(dir, 'h'));
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /demo/);
    // The system's trust store: SSL_CERT_FILE names it, as for OpenSSL; without it this certificate is unknown.
    const sys = ['--url', `https://127.0.0.1:${srv.port}`, '--password-file', join(state, 'root-password'), 'pool', 'list', '-o', 'json'];
    assert.equal((await xenctl(sys, homeEnv(dir, 'h'))).code, 3);
    const viaSystem = await xenctl(sys, { ...homeEnv(dir, 'h'), SSL_CERT_FILE: cert });
    assert.equal(viaSystem.code, 0, viaSystem.stderr);
    assert.match(viaSystem.stdout, /demo/);
    const badStore = await xenctl(sys, { ...homeEnv(dir, 'h'), SSL_CERT_FILE: key });
    assert.equal(badStore.code, 2, badStore.stderr);
    assert.match(badStore.stderr, /SSL_CERT_FILE .*key\.pem holds no PEM certificate/);
    const usage = spawnSync(process.execPath, [BIN, 'serve', '--tls-cert', cert, '--state', state], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /go together/);
  } finally {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tls: on a terminal an untrusted certificate is asked about: yes pins it, no exits 130', { skip: skip || requireProgram('script', 'bsdutils'), timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-tls-tty-'));
  let srv: Served | undefined;
  try {
    const state = join(dir, 'state');
    srv = await serve(['--listen', '127.0.0.1:0', '--tls', '--state', state], dir);
    const env = homeEnv(dir, 'carol');
    const args = ['--url', `https://127.0.0.1:${srv.port}`, '--password-file', join(state, 'root-password'), 'pool', 'list', '-c', 'name-label'];
    const no = await onTerminal(args, env, 'n');
    assert.equal(no.code, 130, no.out);
    const yes = await onTerminal(args, env, 'y');
    assert.equal(yes.code, 0, yes.out);
    assert.match(yes.out, /is not trusted/);
    assert.match(yes.out, /demo/);
    assert.match(readFileSync(join(env['XDG_CONFIG_HOME']!, 'xenctl', 'known_tls'), 'utf8'), new RegExp(`127\\.0\\.0\\.1:${srv.port} ${srv.fingerprint}`));
  } finally {
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

