// Event latency: time from a change (VM.set_name_description over HTTP from one client) to its event at another
// client blocked in event.from over HTTP, both on loopback keep-alive connections, XML-RPC. The server runs in a
// child process. Prints the median and p95 over N changes (BENCH_CHANGES, default 200).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { XenStruct, XenValue } from '../src/model/types.js';
import { getModel } from '../src/model/index.js';
import { openMemoryStore } from '../src/server/store/memory.js';
import { seedDemoPool } from '../src/server/seed/demo.js';
import { createXapi } from '../src/server/xapi.js';
import { listenHttp } from '../src/server/http.js';
import { encodeXmlRpcCall } from '../src/wire/xmlrpc-encode.js';
import { decodeXmlRpcResponse } from '../src/wire/xmlrpc-decode.js';

const CHANGES = Number(process.env['BENCH_CHANGES'] ?? '200');
const PASSWORD = 'bench';

/** Child: the reference server with the demo pool; prints `PORT VMREF` on stdout. */
async function child(): Promise<void> {
  const model = getModel();
  const store = openMemoryStore();
  const demo = seedDemoPool(store, model, { guestFiles: false });
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  await xapi.context.accounts.setPassword('root', PASSWORD);
  const http = await listenHttp(xapi, '127.0.0.1', 0);
  process.stdout.write(`${http.port} ${[...demo.vms.values()][0] ?? ''}\n`);
}

function startChild(): Promise<{ proc: ChildProcess; line: string }> {
  const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child'], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ proc, line: out.slice(0, nl) });
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${String(code)})`)));
  });
}

/** One XML-RPC client on its own keep-alive connection. */
function client(port: number): (method: string, ...params: XenValue[]) => Promise<XenValue> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  return (method, ...params) => new Promise((resolve, reject) => {
    const body = encodeXmlRpcCall(method, params);
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', agent,
      headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const env = decodeXmlRpcResponse(Buffer.concat(parts));
        if (env.ok) resolve(env.value);
        else reject(new Error(`${method}: ${env.error.join(' ')}`));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function field(v: XenValue, name: string): XenValue | undefined {
  return typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? (v as XenStruct)[name] : undefined;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const { proc, line } = await startChild();
  try {
    const [portText, vm = ''] = line.split(' ');
    const port = Number(portText);
    const listener = client(port);
    const writer = client(port);
    const listenerSession = String(await listener('session.login_with_password', 'root', PASSWORD));
    const writerSession = String(await writer('session.login_with_password', 'root', PASSWORD));
    let token = String(field(await listener('event.from', listenerSession, ['vm'], '', 1.0), 'token'));
    const latencies: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const description = `latency ${i}`;
      const blocked = listener('event.from', listenerSession, ['vm'], token, 30.0);
      await sleep(3); // let the listener's call reach the server and block there
      const t0 = performance.now();
      await Promise.all([
        writer('VM.set_name_description', writerSession, vm, description),
        blocked.then((batch) => {
          const events = field(batch, 'events');
          const hit = Array.isArray(events) && events.some((e) => field(field(e, 'snapshot') ?? '', 'name_description') === description);
          if (!hit) throw new Error(`event for change ${i} missing`);
          latencies.push(performance.now() - t0);
          token = String(field(batch, 'token'));
        }),
      ]);
    }
    // For scale: a plain call's round trip on the same connections.
    const plain: number[] = [];
    for (let i = 0; i < CHANGES; i++) {
      const t0 = performance.now();
      await writer('VM.get_name_description', writerSession, vm);
      plain.push(performance.now() - t0);
    }
    plain.sort((a, b) => a - b);
    latencies.sort((a, b) => a - b);
    const median = percentile(latencies, 0.5);
    const p95 = percentile(latencies, 0.95);
    console.log(`event latency over ${CHANGES} changes (XML-RPC, loopback, listener blocked in event.from):`);
    console.log(`  median ${median.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   max ${percentile(latencies, 1).toFixed(2)} ms`);
    console.log(`  (a plain VM.get_name_description round trip: median ${percentile(plain, 0.5).toFixed(2)} ms)`);
    console.log(`  target: median < 10 ms -> ${median < 10 ? 'met' : 'NOT met'}`);
  } finally {
    proc.kill();
  }
}

if (process.argv[2] === '--child') await child();
else await main();
