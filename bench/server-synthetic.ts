// `xenctl serve --synthetic N` as a user runs it: start-up into a new state (seed + snapshot + load cache), then
// VM.get_all_records over XML-RPC (reply bytes, time to the last byte, server CPU), then a restart on the existing
// state and the same call again. The server's peak RSS (VmHWM) is read after each step. Target: under 300 MB.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VMS = Number(process.env['BENCH_VMS'] ?? '10000');
const PORT = Number(process.env['BENCH_PORT'] ?? String(20000 + Math.floor(Math.random() * 20000)));
const BIN = join(fileURLToPath(new URL('../../', import.meta.url)), 'bin', 'xenctl');
const PASSWORD = 'bench-secret';

interface Server {
  readonly pid: number;
  readonly ready: number;
  stop(): Promise<void>;
}

function procStatus(pid: number, key: string): number {
  const m = new RegExp(`${key}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) * 1024;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function start(args: readonly string[]): Promise<Server> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${String(code)}: ${err}`)));
  });
  const ready = (performance.now() - t0) / 1000;
  const pid = child.pid;
  if (pid === undefined) throw new Error('serve has no pid');
  return {
    pid, ready,
    stop: () => new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

function post(body: string, path = '/'): Promise<{ bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${PORT}${path}`, { method: 'POST', headers: { 'Content-Type': 'text/xml' } }, (res) => {
      let bytes = 0;
      let head = '';
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (head.length < 4096) head += c.toString('utf8', 0, Math.min(c.length, 4096));
      });
      res.on('end', () => resolve({ bytes, text: head }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const call = (method: string, params: readonly string[]): string =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>` +
  params.map((p) => `<param><value><string>${p}</string></value></param>`).join('') + '</params></methodCall>';

interface Served {
  readonly bytes: number;
  readonly seconds: number;
  readonly cpu: number;
}

async function timedPost(pid: number, body: string, path: string): Promise<Served> {
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const reply = await post(body, path);
  return { bytes: reply.bytes, seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(pid) - cpu0 };
}

/** VM.get_all_records over XML-RPC, then over JSON-RPC. */
async function getAllRecords(pid: number): Promise<[Served, Served]> {
  const login = await post(call('session.login_with_password', ['root', PASSWORD, '1.0', 'bench']));
  const session = /OpaqueRef:[^<]+/.exec(login.text)?.[0];
  if (session === undefined) throw new Error(`login failed: ${login.text}`);
  const xml = await timedPost(pid, call('VM.get_all_records', [session]), '/');
  const json = await timedPost(pid, JSON.stringify({ method: 'VM.get_all_records', params: [session], id: 1 }), '/jsonrpc');
  return [xml, json];
}

const served = (label: string, r: Served): string =>
  `${label} ${r.bytes} bytes (${mb(r.bytes)}) in ${r.seconds.toFixed(2)} s, server cpu ${r.cpu.toFixed(2)} s`;

const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
const peak = (pid: number): string => `peak RSS ${mb(procStatus(pid, 'VmHWM'))} (now ${mb(procStatus(pid, 'VmRSS'))})`;

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xenctl-bench-synthetic-'));
  const pwFile = join(tmp, 'pw');
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  const state = join(tmp, 'state');
  const args = ['--listen', `127.0.0.1:${PORT}`, '--state', state, '--password-file', pwFile];
  try {
    const fresh = await start(['--synthetic', String(VMS), ...args]);
    console.log(`serve --synthetic ${VMS}, new state: ready in ${fresh.ready.toFixed(2)} s; ${peak(fresh.pid)}`);
    console.log(`  state.db ${mb(statSync(join(state, 'state.db')).size)}, state.cache ${mb(statSync(join(state, 'state.cache')).size)}`);
    const [x1, j1] = await getAllRecords(fresh.pid);
    console.log(`  VM.get_all_records ${served('XML-RPC', x1)}; ${served('JSON-RPC', j1)}; ${peak(fresh.pid)}`);
    await fresh.stop();
    const again = await start(args);
    console.log(`serve on the existing ${VMS}-VM state: ready in ${again.ready.toFixed(2)} s; ${peak(again.pid)}`);
    const [x2, j2] = await getAllRecords(again.pid);
    console.log(`  VM.get_all_records ${served('XML-RPC', x2)}; ${served('JSON-RPC', j2)}; ${peak(again.pid)}`);
    await again.stop();
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
