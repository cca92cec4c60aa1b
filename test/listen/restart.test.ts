// A listener against a real `bin/xenctl serve` process over HTTP survives the server being killed and restarted on
// the same port and state: it reconnects, resyncs after EVENTS_LOST (so a change made while the server was down is
// reported), then sees new changes; Ctrl-C ends it with exit 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));
const WAIT_MS = 20_000;

interface Proc {
  readonly child: ChildProcessWithoutNullStreams;
  readonly out: () => string;
  readonly err: () => string;
  readonly exited: Promise<number | null>;
}

function start(args: readonly string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function until(what: string, check: () => boolean, proc: Proc): Promise<void> {
  const end = Date.now() + WAIT_MS;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; stdout: ${proc.out()} stderr: ${proc.err()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function run(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { env }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`xenctl ${args.join(' ')} failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Event {
  readonly operation: string;
  readonly resync?: boolean;
  readonly snapshot?: { readonly name_label?: string; readonly name_description?: string };
}

function events(text: string): Event[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Event);
}

const described = (text: string, desc: string): boolean => events(text).some((e) => e.snapshot?.name_description === desc);

test('event watch over HTTP survives a server restart and loses no change', { timeout: 90_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-listen-'));
  const state = join(dir, 'state');
  const pw = join(dir, 'password');
  writeFileSync(pw, 'listen-test-password\n', { mode: 0o600 });
  const env = { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
  const port = await freePort();
  const serveArgs = ['serve', '--listen', `127.0.0.1:${port}`, '--state', state, '--password-file', pw];
  const client = ['--url', `http://127.0.0.1:${port}`, '--password-file', pw];
  const procs: Proc[] = [];
  const serve = async (): Promise<Proc> => {
    const p = start(serveArgs, env);
    procs.push(p);
    await until('the server to listen', () => /listening on/.test(p.err()), p);
    return p;
  };
  try {
    let server = await serve();
    const watcher = start([...client, '-o', 'ndjson', 'event', 'watch', '--class', 'vm'], env);
    procs.push(watcher);
    await until('the watcher to start', () => /watching vm from token/.test(watcher.err()), watcher);

    await run([...client, 'vm', 'set', 'web01', 'name-description=before restart'], env);
    await until('the first change', () => described(watcher.out(), 'before restart'), watcher);

    server.child.kill('SIGKILL');
    await server.exited;
    // A change while the server is down, through the state directory itself.
    await run(['--url', `local:${state}`, 'vm', 'set', 'db01', 'name-description=while down'], env);
    await until('the watcher to notice', () => /reconnecting/.test(watcher.err()), watcher);

    server = await serve();
    await until('the resync', () => described(watcher.out(), 'while down'), watcher);
    assert.match(watcher.err(), /EVENTS_LOST/);
    const resynced = events(watcher.out()).find((e) => e.snapshot?.name_description === 'while down');
    assert.equal(resynced?.operation, 'mod');
    assert.equal(resynced?.snapshot?.name_label, 'db01');
    assert.equal(resynced?.resync, true);

    await run([...client, 'vm', 'set', 'web01', 'name-description=after restart'], env);
    await until('the change after the restart', () => described(watcher.out(), 'after restart'), watcher);
    // Nothing reported twice: the resync compared with what the watcher knew.
    assert.equal(events(watcher.out()).filter((e) => e.snapshot?.name_description === 'before restart').length, 1);

    // A token from before the restart: the server cannot answer it, so the new watch reports every object's record.
    const oldToken = String((events(watcher.out())[0] as Event & { token?: string }).token);
    const late = await run([...client, '-o', 'ndjson', 'event', 'watch', '--class', 'vm', '--since', oldToken, '--count', '1'], env);
    assert.equal(events(late)[0]?.resync, true);

    watcher.child.kill('SIGINT');
    assert.equal(await watcher.exited, 0, watcher.err());
    assert.match(watcher.err(), /resume with --since \d{20},\d{20}/);
    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
