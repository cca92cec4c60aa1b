// `xenctl serve --synthetic N` and `--import-db FILE` on a new state (runServe in-process, real HTTP).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveInProcess } from '../helpers/serve.js';
import { xmlCall, valueOf, structOf } from '../helpers/server.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/db/small-pool.xml', import.meta.url));


async function vmNames(url: string): Promise<string[]> {
  const session = valueOf(await xmlCall(url, 'session.login_with_password', 'root', 'sekrit'));
  const all = structOf(valueOf(await xmlCall(url, 'VM.get_all_records', session)));
  return Object.values(all).map((r) => String(structOf(r)['name_label']));
}

test('--synthetic N adds N full VMs to the demo pool of a new state, and only of a new one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-serve-seed-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
  const args = ['--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--password-file', pw, '--synthetic', '3'];
  const s = serveInProcess(args);
  const names = await vmNames(await s.url);
  assert.deepEqual(names.filter((n) => n.startsWith('synth-')).sort(), ['synth-00001', 'synth-00002', 'synth-00003']);
  assert.ok(names.includes('web01'), 'the demo pool is there too');
  assert.equal(await s.stop(), 0);
  const again = serveInProcess(args);
  const later = await vmNames(await again.url);
  assert.equal(later.filter((n) => n.startsWith('synth-')).length, 3);
  assert.match(again.stderr(), /--synthetic ignored/);
  assert.equal(await again.stop(), 0);
});

test('--import-db FILE loads a dump alone into a new state; a non-empty state is refused', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-serve-seed-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
  const args = ['--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--password-file', pw, '--import-db', fixture];
  const s = serveInProcess(args);
  const names = await vmNames(await s.url);
  assert.ok(names.includes('Control domain on host: fixture-host'));
  assert.ok(!names.includes('web01'), 'no demo pool beside the dump');
  assert.equal(await s.stop(), 0);
  const again = serveInProcess(args);
  assert.equal(await again.exit, 1);
  assert.match(again.stderr(), /--import-db: the state .* is not empty/);
});
