// Store start-up figures: opening a state holding the demo pool, and one with 10,000 synthetic VMs (snapshot size,
// load time, memory), plus the size of a 10,000-VM VM.get_all_records XML-RPC reply. Figures are medians.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel } from '../src/model/index.js';
import type { XenStruct, XenValue } from '../src/model/types.js';
import { seedDemoPool } from '../src/server/seed/demo.js';
import { addSyntheticVms } from '../src/server/seed/synthetic.js';
import { openMemoryStore } from '../src/server/store/memory.js';
import { openStore } from '../src/server/store/open.js';
import { writeXmlRpcResponse } from '../src/wire/xmlrpc-encode.js';

const model = getModel();
const ms = (t0: number): number => performance.now() - t0;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;

async function makeState(synthetic: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-bench-store-'));
  const store = await openStore(dir, { model, pid: 1 });
  seedDemoPool(store, model, { guestFiles: false });
  if (synthetic > 0) addSyntheticVms(store, model, synthetic);
  await store.close();
  return dir;
}

async function timeOpen(dir: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const store = await openStore(dir, { model, pid: 1 });
    times.push(ms(t0));
    await store.close();
  }
  return median(times);
}

interface ColdFigures {
  /** Wall time of the whole child process. */
  readonly wall: number;
  /** import + getModel + openStore, inside the child. */
  readonly open: number;
  /** openStore alone, inside the child. */
  readonly load: number;
  readonly cpu: number;
  readonly heap: number;
  readonly rss: number;
}

/** A fresh node process that imports the store and the model and opens the state (what a CLI start pays). */
function coldOpen(dir: string): ColdFigures {
  const openJs = fileURLToPath(new URL('../src/server/store/open.js', import.meta.url));
  const modelJs = fileURLToPath(new URL('../src/model/index.js', import.meta.url));
  const script = `const t=performance.now();const c=process.cpuUsage();` +
    `const {openStore}=await import(${JSON.stringify(openJs)});const {getModel}=await import(${JSON.stringify(modelJs)});` +
    `const model=getModel();const t2=performance.now();` +
    `const s=await openStore(${JSON.stringify(dir)},{model,pid:process.pid});const open=performance.now()-t;const load=performance.now()-t2;` +
    `const cpu=process.cpuUsage(c);globalThis.gc?.();const m=process.memoryUsage();` +
    `console.log(JSON.stringify({open,load,cpu:(cpu.user+cpu.system)/1000,heap:m.heapUsed,rss:m.rss,n:s.count('VM')}));`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' });
  const wall = ms(t0);
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  const figures = JSON.parse(r.stdout) as Omit<ColdFigures, 'wall'>;
  return { wall, ...figures };
}

function medianOf(runs: ColdFigures[], key: keyof ColdFigures): number {
  return median(runs.map((r) => r[key]));
}

function yardstick(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    times.push(ms(t0));
  }
  return median(times);
}

/** `noCache`: the load cache is removed before every run (an open that reads state.db writes a new one). */
function report(label: string, dir: string, runs: number, noCache = false): void {
  const figures = Array.from({ length: runs }, () => {
    if (noCache) rmSync(join(dir, 'state.cache'), { force: true });
    return coldOpen(dir);
  });
  const base = yardstick(runs);
  console.log(`${label}, fresh process: openStore ${medianOf(figures, 'load').toFixed(1)} ms, import+getModel+open ${medianOf(figures, 'open').toFixed(0)} ms ` +
    `(cpu ${medianOf(figures, 'cpu').toFixed(0)} ms), process ${medianOf(figures, 'wall').toFixed(0)} ms vs node -e 0 ` +
    `${base.toFixed(0)} ms (ratio ${(medianOf(figures, 'wall') / base).toFixed(2)}); heap ${mb(medianOf(figures, 'heap'))}, ` +
    `rss ${mb(medianOf(figures, 'rss'))}`);
}

function xmlRpcSize(records: Iterable<[string, XenStruct]>): number {
  const all: Record<string, XenValue> = Object.create(null) as Record<string, XenValue>;
  for (const [ref, rec] of records) all[ref] = rec;
  let bytes = 0;
  writeXmlRpcResponse({ ok: true, value: all }, (chunk) => {
    bytes += Buffer.byteLength(chunk);
  });
  return bytes;
}

const demoDir = await makeState(0);
console.log(`demo pool: state.db ${mb(statSync(join(demoDir, 'state.db')).size)}, in-process open ${(await timeOpen(demoDir, 5)).toFixed(1)} ms (model loaded)`);
report('demo pool (load cache)', demoDir, 5);
report('demo pool (state.db XML, no cache)', demoDir, 5, true);
rmSync(demoDir, { recursive: true, force: true });

function syntheticFigures(): void {
  const mem = openMemoryStore();
  seedDemoPool(mem, model, { guestFiles: false });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  addSyntheticVms(mem, model, 10_000);
  const cpu = process.cpuUsage(c0);
  console.log(`addSyntheticVms(10000) in memory: ${ms(t0).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`);
  const t1 = performance.now();
  console.log(`VM.get_all_records XML-RPC reply, ${mem.count('VM')} VMs: ${mb(xmlRpcSize(mem.all('VM')))} (encoded in ${ms(t1).toFixed(0)} ms)`);
}
syntheticFigures();

const t2 = performance.now();
const bigDir = await makeState(10_000);
console.log(`state with 10,000 synthetic VMs: seeded + snapshot written in ${ms(t2).toFixed(0)} ms; state.db ${mb(statSync(join(bigDir, 'state.db')).size)}, state.cache ${mb(statSync(join(bigDir, 'state.cache')).size)}`);
report('10,000-VM state (load cache)', bigDir, 3);
report('10,000-VM state (state.db XML, no cache)', bigDir, 3, true);
rmSync(bigDir, { recursive: true, force: true });
