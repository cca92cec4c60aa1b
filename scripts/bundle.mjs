// Bundles the CLI (from tsc's output in dist/src) into dist/bundle/cli with esbuild: one start-up module plus
// chunks for what is imported lazily. Node 20 has no compile cache, and resolving and loading ~250 small modules
// costs more than compiling one file. bin/xenctl uses the bundle only while it is newer than tsc's output (a plain
// `tsc` run makes it fall back to dist/src, so a stale bundle never runs).
// dist/bundle/cli sits as deep as dist/src/cli, so `new URL('../../../package.json', import.meta.url)` still works.
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';

// Built beside the old bundle and swapped in by renames: a xenctl starting meanwhile sees a whole bundle or none
// (and then falls back to dist/src), never half of one.
const outdir = 'dist/bundle/cli';
const fresh = `${outdir}.new-${process.pid}`;
const old = `${outdir}.old-${process.pid}`;
rmSync(fresh, { recursive: true, force: true });
await build({
  entryPoints: ['dist/src/cli/process.js'],
  outdir: fresh,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ssh2 has optional native parts; it loads only for ssh: URLs anyway.
  external: ['ssh2', 'cpu-features'],
  // CommonJS dependencies (cli-table3, yaml) call require() for node's modules.
  banner: { js: "import { createRequire as __xenctlCreateRequire } from 'node:module'; const require = __xenctlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
try {
  renameSync(outdir, old);
} catch {
  // no previous bundle
}
renameSync(fresh, outdir);
rmSync(old, { recursive: true, force: true });
