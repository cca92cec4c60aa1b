// Requests per second for VM.get_record over XML-RPC against the reference server, next to a bare node http server
// answering the same bytes as a constant body, measured in the same run: one keep-alive connection, then 8
// concurrent ones. Servers run in child processes; the load comes from minimal raw-socket clients here, each sending
// the very same request bytes to every server (no pipelining: the next request goes when the reply is in).
// The server keeps a record's encoded reply until a write replaces the record (see src/server/reply-cache.ts); the
// "uncached" figure is a second server without that cache, i.e. what a read right after a write costs.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { getModel } from '../src/model/index.js';
import { openMemoryStore } from '../src/server/store/memory.js';
import { makeRecord, newRef } from '../src/server/store/records.js';
import { createXapi } from '../src/server/xapi.js';
import { listenHttp } from '../src/server/http.js';
import { encodeXmlRpcCall } from '../src/wire/xmlrpc-encode.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '2');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '3');
const PASSWORD = 'bench';

/** Child: the reference server with one realistic VM; prints `PORT SESSION VMREF` on stdout. */
async function childXapi(replyCacheBytes?: number): Promise<void> {
  const model = getModel();
  const store = openMemoryStore();
  const vm = newRef();
  store.create('VM', vm, makeRecord(model, 'VM', {
    name_label: 'web01', power_state: 'Running', memory_static_max: 4294967296n,
    platform: { acpi: '1', apic: 'true', pae: 'true', viridian: 'true', nx: 'true' },
    other_config: { folder: '/prod', 'xo:owner': 'ops' }, tags: ['web', 'prod'],
  }));
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 }, ...(replyCacheBytes === undefined ? {} : { replyCacheBytes }) });
  await xapi.context.accounts.setPassword('root', PASSWORD);
  const login = await xapi.handleCall('session.login_with_password', ['root', PASSWORD], { kind: 'http' });
  if (!login.ok) throw new Error('login failed');
  const http = await listenHttp(xapi, '127.0.0.1', 0);
  reportCpuOnRequest();
  process.stdout.write(`${http.port} ${String(login.value)} ${vm}\n`);
}

/** A child answers each line on stdin with its CPU time so far (user + system, microseconds). */
function reportCpuOnRequest(): void {
  process.stdin.on('data', () => {
    const u = process.cpuUsage();
    process.stdout.write(`${u.user + u.system}\n`);
  });
}

/** Child: a bare node http server answering `body` to every request. */
function childBare(body: string): void {
  const server = createServer({ keepAlive: true }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    reportCpuOnRequest();
    process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
  });
}

interface Child {
  readonly child: ChildProcess;
  readonly line: string;
  /** The child's CPU time so far, in microseconds. */
  cpu(): Promise<number>;
}

function startChild(args: readonly string[]): Promise<Child> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const waiting: ((line: string) => void)[] = [];
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      waiting.shift()?.(line);
    }
  });
  const nextLine = (): Promise<string> => new Promise((resolve) => waiting.push(resolve));
  const cpu = async (): Promise<number> => {
    const line = nextLine();
    child.stdin?.write('cpu\n');
    return Number(await line);
  };
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`child exited ${code}`)));
    void nextLine().then((line) => resolve({ child, line, cpu }));
  });
}

/** One connection sending `request` back to back until `until`; returns the count of complete responses. */
function hammer(port: number, request: Buffer, until: number, check?: (body: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf: Buffer = Buffer.alloc(0);
    let done = 0;
    sock.on('connect', () => sock.write(request));
    sock.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const m = /content-length: *(\d+)/i.exec(head);
        const length = m === null ? 0 : Number(m[1]);
        if (buf.length < end + 4 + length) return;
        if (done === 0 && check !== undefined) check(buf.subarray(end + 4, end + 4 + length).toString('utf8'));
        buf = buf.subarray(end + 4 + length);
        done++;
        if (Date.now() >= until) {
          sock.destroy();
          resolve(done);
          return;
        }
        sock.write(request);
      }
    });
    sock.on('error', reject);
  });
}

interface Run {
  readonly rps: number;
  /** Server CPU time per request, microseconds. */
  readonly cpuUs: number;
}

async function measure(server: Child, port: number, request: Buffer, connections: number, check?: (body: string) => void): Promise<Run> {
  const cpu0 = await server.cpu();
  const start = Date.now();
  const until = start + SECONDS * 1000;
  const counts = await Promise.all(Array.from({ length: connections }, () => hammer(port, request, until, check)));
  const n = counts.reduce((a, b) => a + b, 0);
  const cpu1 = await server.cpu();
  return { rps: n / ((Date.now() - start) / 1000), cpuUs: (cpu1 - cpu0) / n };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function httpPost(body: string): Buffer {
  return Buffer.from(`POST / HTTP/1.1\r\nHost: bench\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

function ratio(o: number, b: number): string {
  return `${((o / b) * 100).toFixed(0)}%`;
}

async function main(): Promise<void> {
  const xapiChild = await startChild(['--child', 'xapi']);
  const uncachedChild = await startChild(['--child', 'xapi-uncached']);
  const [port, session, vm] = xapiChild.line.split(' ') as [string, string, string];
  const [uncachedPort, uncachedSession, uncachedVm] = uncachedChild.line.split(' ') as [string, string, string];
  const request = httpPost(encodeXmlRpcCall('VM.get_record', [session, vm]));
  const uncachedRequest = httpPost(encodeXmlRpcCall('VM.get_record', [uncachedSession, uncachedVm]));
  // The bare server answers the very bytes the reference server answers (and is sent the very same request).
  let reply = '';
  await measure(xapiChild, Number(port), request, 1, (body) => {
    reply = body;
  });
  if (!reply.includes('<name>Status</name><value>Success</value>')) throw new Error(`unexpected reply: ${reply.slice(0, 200)}`);
  const bareChild = await startChild(['--child', 'bare', reply]);
  const barePort = Number(bareChild.line);
  // Every server gets the same warm-up run before the measured ones.
  await measure(bareChild, barePort, request, 1);
  await measure(uncachedChild, Number(uncachedPort), uncachedRequest, 1);
  try {
    console.log(`VM.get_record over XML-RPC, reply ${Buffer.byteLength(reply)} bytes; ${SECONDS} s per run, median of ${ROUNDS}`);
    for (const connections of [1, 8]) {
      const bare: Run[] = [];
      const ours: Run[] = [];
      const uncached: Run[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        bare.push(await measure(bareChild, barePort, request, connections));
        ours.push(await measure(xapiChild, Number(port), request, connections));
        uncached.push(await measure(uncachedChild, Number(uncachedPort), uncachedRequest, connections));
      }
      const b = median(bare.map((x) => x.rps));
      const o = median(ours.map((x) => x.rps));
      const u = median(uncached.map((x) => x.rps));
      const bc = median(bare.map((x) => x.cpuUs));
      const oc = median(ours.map((x) => x.cpuUs));
      const uc = median(uncached.map((x) => x.cpuUs));
      console.log(`${connections} connection${connections > 1 ? 's' : ' '}: bare node http ${b.toFixed(0)} req/s ` +
        `(${bc.toFixed(0)} us CPU/req), xenctl serve ${o.toFixed(0)} req/s (${oc.toFixed(0)} us CPU/req), ` +
        `ratio ${ratio(o, b)} (target >= 50%); uncached ${u.toFixed(0)} req/s (${uc.toFixed(0)} us CPU/req), ratio ${ratio(u, b)}`);
    }
  } finally {
    xapiChild.child.kill();
    uncachedChild.child.kill();
    bareChild.child.kill();
  }
}

const [, , flag, kind, arg] = process.argv;
if (flag === '--child' && kind === 'xapi') await childXapi();
else if (flag === '--child' && kind === 'xapi-uncached') await childXapi(0);
else if (flag === '--child' && kind === 'bare') childBare(arg ?? '');
else await main();
