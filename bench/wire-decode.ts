// Decoding a 10,000-VM VM.get_all_records reply: our XML-RPC and JSON-RPC decoders against Python's
// xmlrpc.client.loads and plain JSON.parse, measured in the same run (median of several runs), each decoder in a
// child process of its own so peak memory is honest. A JSON-RPC body (a Buffer, as transports give it) of 1 MB or
// more is parsed from its bytes a member at a time; "parsed as one string" is the whole-text path for comparison.
//   node --expose-gc dist/bench/wire-decode.js [--vms N] [--runs N]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XenType, XenValue } from '../src/model/types.js';
import { decodeXmlRpcResponse } from '../src/wire/xmlrpc-decode.js';
import { writeXmlRpcResponse } from '../src/wire/xmlrpc-encode.js';
import { decodeJsonRpcResponse, writeJsonRpcResponse } from '../src/wire/jsonrpc.js';
import { toTyped } from '../src/wire/typed.js';
import { makeVmRecord, vmRef } from './fixtures/vm-records.js';

const ALL_RECORDS: XenType = { kind: 'map', key: { kind: 'ref', cls: 'VM' }, value: { kind: 'record', cls: 'VM' } };

interface ChildResult {
  times: number[];
  /** CPU seconds (all threads) per run: steadier than wall time on a loaded machine. */
  cpu: number[];
  baseRssMB: number;
  peakRssMB: number;
  heapDeltaMB: number;
}

const PYTHON = String.raw`
import sys, time, json, resource, xmlrpc.client
path, runs = sys.argv[1], int(sys.argv[2])
with open(path, 'rb') as f:
    data = f.read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = []
cpu = []
for _ in range(runs):
    t = time.perf_counter()
    c = time.process_time()
    v = xmlrpc.client.loads(data)
    times.append(time.perf_counter() - t)
    cpu.append(time.process_time() - c)
    del v
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({'times': times, 'cpu': cpu, 'baseRssMB': base / 1024, 'peakRssMB': peak / 1024, 'heapDeltaMB': 0}))
`;

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
}

async function decoderFor(mode: string): Promise<(b: Buffer) => unknown> {
  const typed = async () => {
    const { getModel } = await import('../src/model/index.js');
    return getModel();
  };
  switch (mode) {
    case 'xml':
      return (b) => decodeXmlRpcResponse(b);
    case 'xml+typed': {
      const model = await typed();
      return (b) => {
        const env = decodeXmlRpcResponse(b);
        return env.ok ? toTyped(model, ALL_RECORDS, env.value, 'VM.get_all_records result') : env;
      };
    }
    case 'json':
      return (b) => decodeJsonRpcResponse(b);
    case 'json-whole':
      // The whole body as one string, parsed at once: what the decoder did before big bodies were split.
      return (b) => decodeJsonRpcResponse(b.toString('utf8'));
    case 'json+typed': {
      const model = await typed();
      return (b) => {
        const env = decodeJsonRpcResponse(b);
        return env.ok ? toTyped(model, ALL_RECORDS, env.value, 'VM.get_all_records result') : env;
      };
    }
    case 'JSON.parse':
      return (b) => JSON.parse(b.toString('utf8')) as unknown;
    default:
      throw new Error(`unknown mode ${mode}`);
  }
}

/** In the child: decode the file `runs` times, report times and memory as one JSON line. */
async function child(mode: string, file: string, runs: number): Promise<void> {
  const decode = await decoderFor(mode);
  const body = readFileSync(file);
  gc();
  const base = process.memoryUsage();
  const times: number[] = [];
  const cpu: number[] = [];
  let heapDelta = 0;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let result: unknown = decode(body);
    times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6);
    if (r === 0) {
      gc();
      heapDelta = process.memoryUsage().heapUsed - base.heapUsed;
    }
    if (result === undefined) console.error('no result');
    result = undefined;
    gc();
  }
  const out: ChildResult = {
    times,
    cpu,
    baseRssMB: base.rss / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    heapDeltaMB: heapDelta / 2 ** 20,
  };
  console.log(JSON.stringify(out));
}

function runChild(mode: string, file: string, runs: number): ChildResult {
  const self = fileURLToPath(import.meta.url);
  const r = mode === 'python'
    ? spawnSync('python3', ['-c', PYTHON, file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 })
    : spawnSync(process.execPath, ['--expose-gc', self, '--child', mode, file, String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as ChildResult;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Streams a reply of n VMs to a file; `bigInts` gives every record one integer above 2^53 (worst case for JSON). */
function writeReply(path: string, n: number, kind: 'xml' | 'json', bigInts: boolean): number {
  const fd = openSync(path, 'w');
  const records: Record<string, XenValue> = {};
  for (let i = 0; i < n; i++) {
    const r = makeVmRecord(i) as Record<string, XenValue>;
    if (bigInts) r['memory_overhead'] = (1n << 60n) + BigInt(i);
    records[vmRef(i)] = r;
  }
  const sink = (chunk: string) => void writeSync(fd, chunk);
  if (kind === 'xml') writeXmlRpcResponse({ ok: true, value: records }, sink);
  else writeJsonRpcResponse({ ok: true, value: records }, 1, false, sink);
  closeSync(fd);
  return statSync(path).size;
}

function fmt(x: number, digits = 1): string {
  return x.toFixed(digits);
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--child') return child(argv[1] as string, argv[2] as string, Number(argv[3]));
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const vms = opt('--vms', 10000);
  const runs = opt('--runs', 5);
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-bench-'));
  try {
    const files = { xml: join(dir, 'reply.xml'), json: join(dir, 'reply.json'), jsonBig: join(dir, 'reply-big.json') };
    const size = {
      xml: writeReply(files.xml, vms, 'xml', false),
      json: writeReply(files.json, vms, 'json', false),
      jsonBig: writeReply(files.jsonBig, vms, 'json', true),
    };
    console.log(`VM.get_all_records of ${vms} VMs (${Object.keys(makeVmRecord(0)).length} fields each): ` +
      `XML-RPC ${fmt(size.xml / 1e6)} MB, JSON-RPC ${fmt(size.json / 1e6)} MB (${fmt(size.jsonBig / 1e6)} MB with a big int per VM)`);
    // Rounds: every decoder once per round, each in a fresh process (the first decode is what a CLI pays; the
    // second, in the same process, is the warmed-up figure). Ratios are taken within a round, then the median.
    const plan: [string, string, keyof typeof size][] = [
      ['python xmlrpc.client.loads', 'python', 'xml'],
      ['xenctl XML-RPC decode', 'xml', 'xml'],
      ['xenctl XML-RPC decode + toTyped', 'xml+typed', 'xml'],
      ['JSON.parse (plain, inexact ints)', 'JSON.parse', 'json'],
      ['xenctl JSON-RPC decode (exact ints)', 'json', 'json'],
      ['  same, a >2^53 int in every VM', 'json', 'jsonBig'],
      ['  same, parsed as one string', 'json-whole', 'json'],
      ['xenctl JSON-RPC decode + toTyped', 'json+typed', 'json'],
    ];
    const rounds: ChildResult[][] = [];
    for (let r = 0; r < runs; r++) {
      rounds.push(plan.map(([, mode, input]) => runChild(mode, files[input], mode === 'python' ? 1 : 2)));
      process.stderr.write(`round ${r + 1}/${runs} done\n`);
    }
    const col = (k: number) => rounds.map((round) => round[k] as ChildResult);
    const cold = (k: number) => median(col(k).map((c) => c.times[0] as number));
    const warm = (k: number) => median(col(k).map((c) => c.times[c.times.length - 1] as number));
    console.log(`\n${runs} rounds, medians; every decode in a fresh process (cold) and again in the same one (warm)`);
    console.log(`${'decoder'.padEnd(38)} ${'cold s'.padStart(7)} ${'warm s'.padStart(7)} ${'MB/s warm'.padStart(10)} ${'cpu s warm'.padStart(11)} ${'peak RSS MB'.padStart(12)} ${'RSS before'.padStart(11)} ${'heap delta MB'.padStart(14)}`);
    plan.forEach(([label, mode, input], k) => {
      const mem = col(k);
      const peak = median(mem.map((c) => c.peakRssMB));
      const before = median(mem.map((c) => c.baseRssMB));
      const heap = median(mem.map((c) => c.heapDeltaMB));
      console.log(`${label.padEnd(38)} ${fmt(cold(k), 3).padStart(7)} ${fmt(warm(k), 3).padStart(7)} ${fmt(size[input] / 1e6 / warm(k)).padStart(10)} ${fmt(median(mem.map((c) => c.cpu[c.cpu.length - 1] as number)), 3).padStart(11)} ${fmt(peak).padStart(12)} ${fmt(before).padStart(11)} ${(mode === 'python' ? '-' : fmt(heap)).padStart(14)}`);
    });
    const ratio = (a: number, b: number, pick: (c: ChildResult) => number) =>
      median(rounds.map((round) => pick(round[a] as ChildResult) / pick(round[b] as ChildResult)));
    const first = (c: ChildResult) => c.times[0] as number;
    const last = (c: ChildResult) => c.times[c.times.length - 1] as number;
    console.log('\nratios (median of per-round ratios):');
    console.log(`  XML-RPC speed vs python:        ${fmt(ratio(0, 1, first), 2)}x cold, ${fmt(ratio(0, 1, last), 2)}x warm (target >= 2)`);
    console.log(`  XML-RPC + toTyped vs python:    ${fmt(ratio(0, 2, first), 2)}x cold, ${fmt(ratio(0, 2, last), 2)}x warm`);
    const cpuLast = (c: ChildResult) => c.cpu[c.cpu.length - 1] as number;
    console.log(`  XML-RPC CPU time vs python:     ${fmt(ratio(0, 1, cpuLast), 2)}x warm (all threads)`);
    console.log(`  XML-RPC peak RSS vs python:     ${fmt(ratio(1, 0, (c) => c.peakRssMB), 2)}x (target <= 1)`);
    console.log(`  JSON-RPC speed vs JSON.parse:   ${fmt(ratio(3, 4, first), 2)}x cold, ${fmt(ratio(3, 4, last), 2)}x warm (target >= 0.5)`);
    console.log(`    with a big int in every VM:   ${fmt(ratio(3, 5, first), 2)}x cold, ${fmt(ratio(3, 5, last), 2)}x warm`);
    console.log(`  JSON-RPC from bytes vs one string: ${fmt(ratio(6, 4, first), 2)}x speed cold, ${fmt(ratio(6, 4, last), 2)}x warm; ` +
      `peak RSS ${fmt(ratio(4, 6, (c) => c.peakRssMB), 2)}x`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
