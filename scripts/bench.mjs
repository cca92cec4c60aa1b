// npm run bench: runs every compiled benchmark script in turn (each prints its own figures).
// Benchmarks are kept out of `npm test`: they take minutes and their figures depend on the machine.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const dir = 'dist/bench';
const only = process.argv.slice(2);
const scripts = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.endsWith('.js')).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort()
  : [];
if (scripts.length === 0) {
  console.error('no benchmarks found under dist/bench');
  process.exit(1);
}
let failed = 0;
for (const s of scripts) {
  console.log(`\n== ${s} ==`);
  const r = spawnSync(process.execPath, ['--expose-gc', `${dir}/${s}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
