// The layers point one way (model <- wire <- transport <- client <- {cli, server}); the CLI reaches the server only
// for the embedded local: target and `serve`; the guest customization engine (src/guest) is shared and pure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Each relative import of a source file (static or dynamic), as a path under src/ ('server/xapi.js'). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map((m) => m[1] as string);
  return specs.map((s) => relative(src, resolve(dirname(file), s)));
}

const layerOf = (p: string): string => p.split('/')[0] ?? '';

test('no layer imports the server or the CLI except where allowed', () => {
  const allowedServerImporters = new Set(['cli/local-server.ts', 'cli/commands/serve.ts']);
  const bad: string[] = [];
  for (const file of files(src)) {
    const me = relative(src, file);
    const layer = layerOf(me);
    // src/docs generates man pages and completions from the CLI's command specs: it sits above everything.
    if (layer === 'docs') continue;
    for (const target of importsOf(file)) {
      const to = layerOf(target);
      if (to === 'server' && layer !== 'server' && !allowedServerImporters.has(me)) bad.push(`${me} -> ${target}`);
      if (to === 'cli' && layer !== 'cli') bad.push(`${me} -> ${target}`);
      if (layer === 'guest' && !['guest', 'model'].includes(to)) bad.push(`${me} -> ${target}`);
    }
  }
  assert.deepEqual(bad, []);
});
