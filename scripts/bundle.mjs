// Bundles the CLI (from tsc's output in dist/src) into one CommonJS-style script, dist/bundle/cli/xenctl.cjs, which
// bin/xenctl compiles with node:vm and a V8 code cache (Node 20 has no module compile cache: resolving, linking and
// compiling ~70 ES modules cost more than the command itself). bin/xenctl uses the bundle only while it is newer
// than tsc's output, so a plain `tsc` run makes it fall back to dist/src and a stale bundle never runs.
//
// The script is wrapped by bin/xenctl in a function of (exports, require, module, __filename, __dirname,
// __xenctlImportMetaUrl, __xenctlImport); `import.meta.url` is replaced by __xenctlImportMetaUrl. dist/bundle/cli
// sits as deep as dist/src/cli, so `new URL('../../../package.json', import.meta.url)` still works.
//
// The first line names the bundle's content hash: the code cache is keyed by it (V8 itself only checks the
// source's length).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { builtinModules } from 'node:module';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const outdir = 'dist/bundle/cli';
const outfile = `${outdir}/xenctl.cjs`;
// ssh2 has optional native parts; it loads only for ssh: URLs anyway.
const EXTERNAL = ['ssh2', 'cpu-features'];
// Imported at run time through the ES module loader instead: only interactive prompts need them, and inquirer with
// its editor's character-set tables (iconv-lite) is as big as the rest of the bundle.
const ESM_AT_RUN_TIME = ['@inquirer/prompts'];
const externals = new Set([...EXTERNAL, ...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

// A script run by vm.Script has no dynamic import(): `await import('node:os')` of an external module becomes a
// CommonJS module that requires it, which esbuild then imports the way Node imports CommonJS (default = exports).
const dynamicExternals = {
  name: 'dynamic-externals',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && externals.has(args.path) ? { path: args.path, namespace: 'dynamic-external' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'dynamic-external' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const result = await build({
  entryPoints: ['dist/src/cli/process.js'],
  bundle: true,
  write: false,
  outfile,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: [...EXTERNAL, ...ESM_AT_RUN_TIME],
  define: { 'import.meta.url': '__xenctlImportMetaUrl' },
  plugins: [dynamicExternals],
  // Smaller to read and to compile; names stay (stack traces still name functions, and no code relies on them).
  minifyWhitespace: process.env.XENCTL_BUNDLE_READABLE === undefined,
  minifySyntax: process.env.XENCTL_BUNDLE_READABLE === undefined,
  charset: 'ascii',
  logLevel: 'warning',
});
const out = result.outputFiles.find((f) => f.path.endsWith('.cjs'));
if (out === undefined) throw new Error('esbuild wrote no bundle');
// bin/xenctl passes __xenctlImport, its own import() (a vm.Script has none; packages resolve from bin/).
let body = out.text;
for (const name of ESM_AT_RUN_TIME) body = body.replaceAll(`import(${JSON.stringify(name)})`, `__xenctlImport(${JSON.stringify(name)})`);
// Any import() left would fail at run time (a vm.Script has no module loader): refuse to build such a bundle.
const leftover = /(?<![\w$.])import\s*\(/.exec(body);
if (leftover !== null) throw new Error(`the bundle still has a dynamic import() at offset ${leftover.index}`);
if (/import\.meta/.test(body)) throw new Error('the bundle still uses import.meta');
const hash = createHash('sha256').update(body).digest('hex').slice(0, 24);
const text = `// xenctl-bundle ${hash}\n${body}`;

// Built beside the old bundle and swapped in by renames: a xenctl starting meanwhile sees a whole bundle or none
// (and then falls back to dist/src), never half of one.
const fresh = `${outdir}.new-${process.pid}`;
const old = `${outdir}.old-${process.pid}`;
rmSync(fresh, { recursive: true, force: true });
mkdirSync(fresh, { recursive: true });
writeFileSync(`${fresh}/xenctl.cjs`, text);
try {
  renameSync(outdir, old);
} catch {
  // no previous bundle
}
renameSync(fresh, outdir);
rmSync(old, { recursive: true, force: true });
