// --import-db with a dump that is cut short (a partial download ending at a table boundary, or no content at all)
// is refused with a clear error and leaves the state empty. It used to load the rows before the cut and then seed
// the demo pool on top (no pool object in the dump), serving a mix of two pools.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runServe } from '../../src/server/serve.js';
import { parseDb } from '../../src/server/store/dbxml.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/db/small-pool.xml', import.meta.url));

async function serveOnce(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const abort = new AbortController();
  let stderr = '';
  const io = {
    stdout: { write: (_s: string) => true },
    stderr: {
      write: (s: string) => {
        stderr += s;
        if (s.includes('listening on')) abort.abort();
        return true;
      },
    },
    pid: process.pid,
    signal: abort.signal,
  };
  const code = await runServe(args, io, { HOME: tmpdir() });
  return { code, stderr };
}

test('a dump without its closing </database> is not a whole database', () => {
  const whole = readFileSync(fixture, 'utf8');
  assert.doesNotThrow(() => parseDb(whole));
  const cut = whole.slice(0, whole.lastIndexOf('</table>') + '</table>'.length);
  assert.throws(() => parseDb(cut), /truncated|<\/database>/);
  assert.throws(() => parseDb('<database>garbage'), /truncated|<\/database>/);
  assert.doesNotThrow(() => parseDb('<database/>'));
});

test('--import-db of a truncated dump or of one without a pool fails and seeds nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-qa-import-cut-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
  const whole = readFileSync(fixture, 'utf8');
  const firstTableEnd = whole.indexOf('</table>') + '</table>'.length;
  const cut = join(dir, 'cut.xml');
  writeFileSync(cut, whole.slice(0, firstTableEnd));
  const poolless = join(dir, 'poolless.xml');
  writeFileSync(poolless, '<database><manifest><pair key="schema_major_vsn" value="5"/></manifest><table name="VM"/></database>');
  for (const [file, why] of [[cut, /truncated|<\/database>/], [poolless, /no pool/]] as const) {
    const state = join(dir, `state-${file.endsWith('cut.xml') ? 'cut' : 'poolless'}`);
    const r = await serveOnce(['--listen', '127.0.0.1:0', '--state', state, '--password-file', pw, '--import-db', file]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, why);
    assert.doesNotMatch(r.stderr, /listening on/);
    assert.ok(!existsSync(join(state, 'state.db')) || !readFileSync(join(state, 'state.db'), 'utf8').includes('web01'), 'no demo pool');
  }
  // The same state, asked again with the whole dump, imports it (the failed attempt left it empty).
  const state = join(dir, 'state-cut');
  const ok = await serveOnce(['--listen', '127.0.0.1:0', '--state', state, '--password-file', pw, '--import-db', fixture]);
  assert.equal(ok.code, 0, ok.stderr);
});
