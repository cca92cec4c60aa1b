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

/** A fresh node process that imports the store and the model and opens the state (what a CLI start pays). */
function coldOpen(dir: string, runs: number): { open: number; yardstick: number } {
  const openJs = fileURLToPath(new URL('../src/server/store/open.js', import.meta.url));
  const modelJs = fileURLToPath(new URL('../src/model/index.js', import.meta.url));
  const script = `const t=performance.now();const {openStore}=await import(${JSON.stringify(openJs)});` +
    `const {getModel}=await import(${JSON.stringify(modelJs)});const s=await openStore(${JSON.stringify(dir)},{model:getModel(),pid:process.pid});` +
    `s.count('VM');`;
  const wall = (args: string[]): number => {
    const t0 = performance.now();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    return ms(t0);
  };
  const open: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    base.push(wall(['-e', '0']));
    open.push(wall(['--input-type=module', '-e', script]));
  }
  return { open: median(open), yardstick: median(base) };
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
console.log(`demo pool: snapshot ${mb(statSync(join(demoDir, 'state.db')).size)}, open ${median([await timeOpen(demoDir, 3), await timeOpen(demoDir, 3)]).toFixed(1)} ms (in process, model loaded)`);
const cold = coldOpen(demoDir, 5);
console.log(`demo pool, fresh process (import + getModel + open): ${cold.open.toFixed(0)} ms; node -e 0: ${cold.yardstick.toFixed(0)} ms; ratio ${(cold.open / cold.yardstick).toFixed(2)}`);
rmSync(demoDir, { recursive: true, force: true });

const mem = openMemoryStore();
seedDemoPool(mem, model, { guestFiles: false });
let t0 = performance.now();
addSyntheticVms(mem, model, 10_000);
console.log(`addSyntheticVms(10000) in memory: ${ms(t0).toFixed(0)} ms`);
t0 = performance.now();
console.log(`VM.get_all_records XML-RPC reply, ${mem.count('VM')} VMs: ${mb(xmlRpcSize(mem.all('VM')))} (encoded in ${ms(t0).toFixed(0)} ms)`);

t0 = performance.now();
const bigDir = await makeState(10_000);
console.log(`state with 10,000 synthetic VMs: seeded + compacted in ${ms(t0).toFixed(0)} ms, snapshot ${mb(statSync(join(bigDir, 'state.db')).size)}`);
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const before = process.memoryUsage();
t0 = performance.now();
const big = await openStore(bigDir, { model, pid: 1 });
const loadMs = ms(t0);
gc?.();
const after = process.memoryUsage();
console.log(`open 10,000-VM state: ${loadMs.toFixed(0)} ms; heap +${mb(after.heapUsed - before.heapUsed)}, rss ${mb(after.rss)}`);
await big.close();
console.log(`open 10,000-VM state (median of 3): ${(await timeOpen(bigDir, 3)).toFixed(0)} ms`);
rmSync(bigDir, { recursive: true, force: true });
