// Writes the generated documents: completions/xenctl.bash, completions/_xenctl, completions/xenctl.fish and
// man/xenctl.1, from the command specs and the model.   npm run gen:docs [-- --check]
// --check writes nothing and exits 1 when a committed file differs from what the specs give.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel } from '../src/model/index.js';
import { generatedDocs } from '../src/docs/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.slice(2).includes('--check');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
let stale = 0;
for (const [name, text] of generatedDocs(getModel(), pkg.version ?? '0.0.0')) {
  const path = join(root, name);
  const old = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  if (old === text) continue;
  if (check) {
    console.error(`stale: ${name}`);
    stale++;
  } else {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${name} (${text.length} bytes)`);
  }
}
if (check && stale > 0) {
  console.error(`${stale} generated file(s) are stale: run npm run gen:docs`);
  process.exit(1);
}
