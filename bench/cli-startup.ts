// Start-up of the CLI next to `node -e 0`, measured in the same run (medians of RUNS, the three interleaved):
// `xenctl --version` (target: within 1.5x) and `xenctl vm list` on the embedded demo pool (`local:`, nothing
// configured; target: within 3x). The local state is created once in a temp XDG_DATA_HOME before timing, and the
// V8 code cache (bin/xenctl) over the first runs.
// bin/ and the bundle `npm run bench` has just built are copied to a temp dir and run from there: in a checkout
// where tsc runs meanwhile (which makes bin/xenctl fall back to dist/src until the next bundle), the figures are
// still those of the bundle, as an installed xenctl runs it.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env['BENCH_RUNS'] ?? '15');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'bundle', 'cli', 'xenctl.cjs');

/** bin/, package.json and the bundle in `dir` (with node_modules linked): bin/xenctl there can only run the bundle. */
function installCopy(dir: string): string {
  if (!existsSync(BUNDLE)) throw new Error(`no ${BUNDLE}: run npm run build`);
  mkdirSync(join(dir, 'dist', 'bundle', 'cli'), { recursive: true });
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  cpSync(BUNDLE, join(dir, 'dist', 'bundle', 'cli', 'xenctl.cjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return join(dir, 'bin', 'xenctl');
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly target?: number;
}

function runOnce(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${String(r.status)}: ${r.stderr.toString()}`);
  return ms;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function main(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'xenctl-bench-startup-'));
  const BIN = installCopy(join(tmp, 'app'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: tmp,
    XDG_DATA_HOME: join(tmp, 'data'),
    XDG_CONFIG_HOME: join(tmp, 'config'),
    XDG_STATE_HOME: join(tmp, 'state'),
    XDG_CACHE_HOME: join(tmp, 'cache'),
    NO_COLOR: '1',
  };
  const cases: Case[] = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'xenctl --version', args: [BIN, '--version'], target: 1.5 },
    { name: 'xenctl vm list (local:)', args: [BIN, 'vm', 'list'], target: 3 },
  ];
  try {
    runOnce([BIN, 'vm', 'list'], env); // creates the demo state
    runOnce([BIN, 'vm', 'list'], env); // the code cache's later rounds
    for (const c of cases) runOnce(c.args, env); // warms the page cache
    const times = cases.map((): number[] => []);
    for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => times[k]?.push(runOnce(c.args, env)));
    const base = median(times[0] ?? []);
    console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}; median of ${RUNS} runs (wall ms)`);
    cases.forEach((c, k) => {
      const m = median(times[k] ?? []);
      const ratio = m / base;
      const verdict = c.target === undefined ? '' : ` (target <= ${c.target}x: ${ratio <= c.target ? 'met' : 'NOT met'})`;
      console.log(`${c.name.padEnd(26)} ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x node -e 0${verdict}`);
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
