// Generates src/model/generated/* from xenapi.json.
//   npm run gen [-- PATH/TO/xenapi.json] [-- --check]
// --check writes nothing and exits 1 when the committed files differ from what the input gives.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactFromXenapi } from '../src/model/gen/from-xenapi.js';
import { GENERATED_DIR, emitAll } from '../src/model/gen/emit.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const input = args.find((a) => !a.startsWith('--')) ?? '/work/shared/xenapi/xenapi.json';

const bytes = readFileSync(input);
const digest = createHash('sha256').update(bytes).digest('hex');
const compact = compactFromXenapi(JSON.parse(bytes.toString('utf8')) as unknown, digest);
const outDir = join(root, GENERATED_DIR);
let stale = 0;
for (const [name, text] of emitAll(compact)) {
  const path = join(outDir, name);
  const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (old === text) continue;
  if (check) {
    console.error(`stale: ${join(GENERATED_DIR, name)}`);
    stale++;
  } else {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${join(GENERATED_DIR, name)} (${text.length} bytes)`);
  }
}
if (check) {
  if (stale > 0) {
    console.error(`${stale} generated file(s) differ from ${input}: run npm run gen`);
    process.exit(1);
  }
  console.log(`generated files are up to date with ${input}`);
}
