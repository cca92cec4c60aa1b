// `xenctl vm list -o json` of 10,000 full VMs over HTTP from `xenctl serve --synthetic N`, next to a Python
// xmlrpc.client script doing the same (login, VM.get_all_records, json.dumps) against the same server, in the same
// run. Targets: default protocol at most half the Python wall time with no more peak memory; --protocol xmlrpc no
// slower than Python. Each command runs under a small Python wrapper that reports wall time and the child's peak
// RSS (getrusage RUSAGE_CHILDREN); the server's CPU time per run comes from /proc. Medians of RUNS runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VMS = Number(process.env['BENCH_VMS'] ?? '10000');
const RUNS = Number(process.env['BENCH_RUNS'] ?? '3');
const PORT = Number(process.env['BENCH_PORT'] ?? String(20000 + Math.floor(Math.random() * 20000)));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'xenctl');
const PASSWORD = 'bench-secret';

const PY_CLIENT = `import sys, json, xmlrpc.client
url, pw = sys.argv[1], open(sys.argv[2]).read().rstrip('\\n')
s = xmlrpc.client.ServerProxy(url)
sess = s.session.login_with_password('root', pw, '1.0', 'bench')['Value']
recs = s.VM.get_all_records(sess)['Value']
sys.stdout.write(json.dumps(recs, default=str))
`;

const PY_MEASURE = `import sys, time, subprocess, resource
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
w = time.monotonic() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(p.returncode, w, ru.ru_maxrss, ru.ru_utime + ru.ru_stime)
`;

interface Sample {
  readonly wall: number;
  readonly rssMb: number;
  readonly cpu: number;
  readonly serverCpu: number;
}

function serverCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function serverPeakMb(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

function measure(measurer: string, cmd: readonly string[], serverPid: number): Sample {
  const before = serverCpuSeconds(serverPid);
  const r = spawnSync('python3', [measurer, ...cmd], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const serverCpu = serverCpuSeconds(serverPid) - before;
  const [code, wall, rss, cpu] = r.stdout.trim().split(' ').map(Number);
  if (code !== 0 || r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stdout}${r.stderr}`);
  return { wall: wall ?? NaN, rssMb: (rss ?? NaN) / 1024, cpu: cpu ?? NaN, serverCpu };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function startServer(tmp: string, pwFile: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--synthetic', String(VMS), '--listen', `127.0.0.1:${PORT}`,
    '--state', join(tmp, 'state'), '--password-file', pwFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in time: ${err}`)), 600_000);
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
      if (err.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${String(code)}: ${err}`)));
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('serve has no pid');
  return {
    pid,
    stop: () => new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xenctl-bench-bigpool-'));
  const pwFile = join(tmp, 'pw');
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  const measurer = join(tmp, 'measure.py');
  writeFileSync(measurer, PY_MEASURE);
  const pyClient = join(tmp, 'client.py');
  writeFileSync(pyClient, PY_CLIENT);
  const url = `http://127.0.0.1:${PORT}`;
  const t0 = performance.now();
  const server = await startServer(tmp, pwFile);
  console.log(`serve --synthetic ${VMS} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const xenctl = (extra: readonly string[]): string[] => [process.execPath, BIN, '--url', url, '--password-file', pwFile, ...extra, 'vm', 'list', '-o', 'json'];
  const cases = [
    { name: 'python xmlrpc.client', cmd: ['python3', pyClient, url, pwFile] },
    { name: 'xenctl (default protocol)', cmd: xenctl([]) },
    { name: 'xenctl --protocol xmlrpc', cmd: xenctl(['--protocol', 'xmlrpc']) },
  ];
  try {
    for (const c of cases) measure(measurer, c.cmd, server.pid); // warm-up (page cache, server JIT)
    const samples = cases.map((): Sample[] => []);
    for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => samples[k]?.push(measure(measurer, c.cmd, server.pid)));
    const med = samples.map((s) => ({
      wall: median(s.map((x) => x.wall)), rssMb: median(s.map((x) => x.rssMb)),
      cpu: median(s.map((x) => x.cpu)), serverCpu: median(s.map((x) => x.serverCpu)),
    }));
    const py = med[0];
    if (py === undefined) return;
    console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${VMS} VMs; median of ${RUNS} runs`);
    console.log(`${'client'.padEnd(26)} ${'wall s'.padStart(7)} ${'client cpu s'.padStart(12)} ${'server cpu s'.padStart(12)} ${'peak MB'.padStart(8)}  vs python`);
    cases.forEach((c, k) => {
      const m = med[k];
      if (m === undefined) return;
      const ratio = `${(m.wall / py.wall).toFixed(2)}x wall, ${(m.rssMb / py.rssMb).toFixed(2)}x memory`;
      console.log(`${c.name.padEnd(26)} ${m.wall.toFixed(2).padStart(7)} ${m.cpu.toFixed(2).padStart(12)} ${m.serverCpu.toFixed(2).padStart(12)} ${m.rssMb.toFixed(0).padStart(8)}  ${k === 0 ? '' : ratio}`);
    });
    const dflt = med[1];
    const xml = med[2];
    if (dflt !== undefined && xml !== undefined) {
      const ok = (b: boolean): string => (b ? 'met' : 'NOT met');
      console.log(`target default protocol <= 0.5x python wall: ${ok(dflt.wall <= 0.5 * py.wall)}; memory <= python: ${ok(dflt.rssMb <= py.rssMb)}`);
      console.log(`target --protocol xmlrpc <= 1x python wall: ${ok(xml.wall <= py.wall)}`);
    }
    console.log(`server peak RSS (VmHWM) ${serverPeakMb(server.pid).toFixed(0)} MB`);
  } finally {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
