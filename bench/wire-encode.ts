// Writing a 10,000-VM VM.get_all_records reply in ~64 KB chunks (what the server does), XML-RPC and JSON-RPC,
// against JSON.stringify of the same records (ints as numbers) as a yardstick, median of several runs.
//   node --expose-gc dist/bench/wire-encode.js [--vms N] [--runs N]
import type { XenValue } from '../src/model/types.js';
import { writeXmlRpcResponse } from '../src/wire/xmlrpc-encode.js';
import { writeJsonRpcResponse } from '../src/wire/jsonrpc.js';
import { makeVmRecords } from './fixtures/vm-records.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
}

function measure(runs: number, write: (sink: (chunk: string) => void) => void): { s: number; cpu: number; mb: number; chunks: number } {
  const times: number[] = [];
  const cpus: number[] = [];
  let bytes = 0;
  let chunks = 0;
  for (let r = 0; r < runs; r++) {
    bytes = 0;
    chunks = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    write((chunk) => {
      bytes += Buffer.byteLength(chunk);
      chunks++;
    });
    times.push((performance.now() - t0) / 1000);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1e6);
  }
  return { s: median(times), cpu: median(cpus), mb: bytes / 1e6, chunks };
}

function main(argv: string[]): void {
  const opt = (name: string, dflt: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : dflt;
  };
  const vms = opt('--vms', 10000);
  const runs = opt('--runs', 5);
  const records = makeVmRecords(vms);
  const rss0 = process.memoryUsage().rss;
  const rows: [string, ReturnType<typeof measure>][] = [
    ['XML-RPC writeXmlRpcResponse', measure(runs, (sink) => writeXmlRpcResponse({ ok: true, value: records }, sink))],
    ['JSON-RPC writeJsonRpcResponse', measure(runs, (sink) => writeJsonRpcResponse({ ok: true, value: records }, 1, true, sink))],
    ['JSON.stringify (yardstick)', measure(runs, (sink) => sink(JSON.stringify(records, (_k, v: XenValue) => (typeof v === 'bigint' ? Number(v) : v))))],
  ];
  const rss1 = process.resourceUsage().maxRSS / 1024;
  console.log(`VM.get_all_records of ${vms} VMs, ${runs} runs, medians`);
  console.log(`${'writer'.padEnd(32)} ${'MB'.padStart(7)} ${'chunks'.padStart(7)} ${'wall s'.padStart(7)} ${'cpu s'.padStart(7)} ${'MB/s'.padStart(7)}`);
  for (const [label, m] of rows) {
    console.log(`${label.padEnd(32)} ${m.mb.toFixed(1).padStart(7)} ${String(m.chunks).padStart(7)} ${m.s.toFixed(3).padStart(7)} ${m.cpu.toFixed(3).padStart(7)} ${(m.mb / m.s).toFixed(1).padStart(7)}`);
  }
  const [xml, json, yard] = rows.map(([, m]) => m) as [ReturnType<typeof measure>, ReturnType<typeof measure>, ReturnType<typeof measure>];
  console.log(`JSON-RPC writer vs JSON.stringify (MB/s): ${((json.mb / json.s) / (yard.mb / yard.s)).toFixed(2)}x; XML-RPC writer ${(xml.mb / xml.s).toFixed(1)} MB/s`);
  console.log(`peak RSS ${rss1.toFixed(0)} MB (records alone: ${(rss0 / 2 ** 20).toFixed(0)} MB; the stringify yardstick holds its whole string)`);
}

main(process.argv.slice(2));
