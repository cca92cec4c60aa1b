// `xenctl __complete` live values: names from the server, a short deadline when it hangs, a small cache.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/sshd.js';
import { silentServer } from '../helpers/silent-server.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const xenctl = join(root, 'bin', 'xenctl');
const home = mkdtempSync(join(tmpdir(), 'xenctl-live-'));
const env = { HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin', XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd'), XDG_CACHE_HOME: join(home, 'k') };
after(() => rmSync(home, { recursive: true, force: true }));

function complete(...words: string[]): { out: string; err: string; status: number | null; ms: number } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [xenctl, '__complete', ...words], { env, encoding: 'utf8' });
  return { out: r.stdout, err: r.stderr, status: r.status, ms: Date.now() - t0 };
}

test('a server that accepts and never answers: nothing offered, no error, within the deadline', async () => {
  const silent = await silentServer();
  try {
    writeFileSync(join(home, 'pw'), 'x\n', { mode: 0o600 });
    const r = await new Promise<{ out: string; err: string; code: number | null; ms: number }>((resolve) => {
      const t0 = Date.now();
      const child = spawn(process.execPath, [xenctl, '__complete', '--url', silent.url, '--password-file', join(home, 'pw'), 'vm', 'start', ''], { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('exit', (code) => resolve({ out, err, code, ms: Date.now() - t0 }));
    });
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
    assert.equal(r.err, '');
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  } finally {
    await silent.close();
  }
});

test('names come from the server, then from the cache while it is fresh', async () => {
  const dir = join(home, 'serve');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pw'), 'live-pass\n', { mode: 0o600 });
  const port = await freePort();
  const server = spawn(process.execPath, [xenctl, 'serve', '--listen', `127.0.0.1:${port}`, '--state', join(dir, 'state'), '--password-file', join(dir, 'pw')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const line = ['--url', `http://127.0.0.1:${port}`, '--password-file', join(dir, 'pw')];
  try {
    await new Promise<void>((resolve) => server.stderr.on('data', (c: Buffer) => {
      if (c.toString().includes('listening')) resolve();
    }));
    assert.equal(complete(...line, 'vm', 'start', 'mai').out, 'mail01\n');
    assert.equal(complete(...line, 'vm', 'migrate', 'web01', '--to', '').out, 'host1\nhost2\nhost3\n');
    // The word as the shell shows it: backslash-escaped or opened with a quote.
    assert.equal(complete(...line, 'network', 'get', 'Pool-wide\\ net').out, 'Pool-wide network 0\n');
    assert.equal(complete(...line, 'network', 'get', "'Pool-wide net").out, 'Pool-wide network 0\n');
    const uuid = spawnSync(process.execPath, [xenctl, ...line, 'vm', 'get', 'mail01', 'uuid'], { env, encoding: 'utf8' }).stdout.trim();
    assert.equal(complete(...line, 'vm', 'start', uuid.slice(0, 8)).out, `${uuid}\n`);
  } finally {
    server.kill();
    await new Promise((r) => server.once('exit', r));
  }
  // The server is gone: the cached names still answer, for a few seconds.
  assert.equal(complete(...line, 'vm', 'start', 'mai').out, 'mail01\n');
  rmSync(join(home, 'k'), { recursive: true, force: true });
  assert.equal(complete(...line, 'vm', 'start', 'mai').out, '');
});

test('TAB never creates a local: state; once a command has made one, its names are offered', () => {
  const fresh = mkdtempSync(join(tmpdir(), 'xenctl-live-local-'));
  const freshEnv = { HOME: fresh, PATH: env.PATH };
  try {
    const first = spawnSync(process.execPath, [xenctl, '__complete', 'vm', 'start', ''], { env: freshEnv, encoding: 'utf8' });
    assert.equal(first.status, 0);
    assert.equal(first.stdout, '');
    assert.equal(existsSync(join(fresh, '.local', 'share', 'xenctl', 'local')), false);
    assert.equal(spawnSync(process.execPath, [xenctl, '-q', 'vm', 'list'], { env: freshEnv }).status, 0);
    const after = spawnSync(process.execPath, [xenctl, '__complete', 'vm', 'start', 'we'], { env: freshEnv, encoding: 'utf8' });
    assert.equal(after.stdout, 'web01\nweb02\n');
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
});
