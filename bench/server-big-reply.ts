// Serving VM.get_all_records for 10,000 VMs over real HTTP (XML-RPC and JSON-RPC): time to the last byte and the
// server's peak RSS, next to the time node takes to write the same number of bytes from a ready buffer.
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getModel } from '../src/model/index.js';
import { openMemoryStore } from '../src/server/store/memory.js';
import { makeRecord, newRef } from '../src/server/store/records.js';
import { createXapi } from '../src/server/xapi.js';
import { listenHttp } from '../src/server/http.js';
import { encodeXmlRpcCall } from '../src/wire/xmlrpc-encode.js';

const VMS = Number(process.env['BENCH_VMS'] ?? '10000');

function fetchSize(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST' }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => {
        n += c.length;
      });
      res.on('end', () => resolve(n));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function timed(run: () => Promise<number>): Promise<{ seconds: number; bytes: number }> {
  const t = performance.now();
  const bytes = await run();
  return { seconds: (performance.now() - t) / 1000, bytes };
}

async function main(): Promise<void> {
  const model = getModel();
  const store = openMemoryStore();
  const boot = 'x'.repeat(3000);
  for (let i = 0; i < VMS; i++) {
    store.create('VM', newRef(), makeRecord(model, 'VM', {
      name_label: `vm${i}`, last_booted_record: `${boot}${i}`, power_state: 'Running',
      platform: { acpi: '1', apic: 'true', viridian: 'true' }, other_config: { folder: `/f${i % 10}` },
      memory_static_max: 4294967296n, tags: ['bench'],
    }));
  }
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  await xapi.context.accounts.setPassword('root', 'bench');
  const login = await xapi.handleCall('session.login_with_password', ['root', 'bench'], { kind: 'http' });
  if (!login.ok) throw new Error('login failed');
  const session = login.value;
  const http = await listenHttp(xapi, '127.0.0.1', 0);
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const probe = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const xml = await timed(() => fetchSize(`${http.url}/`, encodeXmlRpcCall('VM.get_all_records', [session])));
  const json = await timed(() => fetchSize(`${http.url}/jsonrpc`, JSON.stringify({ method: 'VM.get_all_records', params: [session], id: 1 })));
  clearInterval(probe);
  await http.close(0);

  // Yardstick: a bare server writing a ready buffer of the XML reply's size in 64 KB pieces.
  const ready = Buffer.alloc(xml.bytes, 0x61);
  const bare = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Length': ready.length });
    res.end(ready);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const yard = await timed(() => fetchSize(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/`, ''));
  bare.close();

  const mb = (n: number): string => (n / 1e6).toFixed(1);
  console.log(`VM.get_all_records, ${VMS} VMs`);
  console.log(`XML-RPC : ${mb(xml.bytes)} MB in ${xml.seconds.toFixed(2)} s (${mb(xml.bytes / xml.seconds)} MB/s)`);
  console.log(`JSON-RPC: ${mb(json.bytes)} MB in ${json.seconds.toFixed(2)} s (${mb(json.bytes / json.seconds)} MB/s)`);
  console.log(`bare http writing ${mb(yard.bytes)} MB from memory: ${yard.seconds.toFixed(2)} s`);
  console.log(`server RSS before ${mb(rss0)} MB, peak ${mb(peak)} MB (+${mb(peak - rss0)} MB)`);
}

await main();
