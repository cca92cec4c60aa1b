// `xenctl serve --import-db FILE` into a state that already holds a pool: refused, unless --replace-state asks for it;
// then the dump alone is served and the old pool's guest files are gone (runServe in-process, real HTTP, real files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveInProcess } from '../helpers/serve.js';
import { parseServeArgs, ServeUsageError, SERVE_USAGE } from '../../src/server/serve-options.js';
import { xmlCall, valueOf, structOf } from '../helpers/server.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/db/small-pool.xml', import.meta.url));


async function vmNames(url: string, password: string): Promise<string[]> {
  const session = valueOf(await xmlCall(url, 'session.login_with_password', 'root', password));
  const all = structOf(valueOf(await xmlCall(url, 'VM.get_all_records', session)));
  return Object.values(all).map((r) => String(structOf(r)['name_label']));
}

test('--replace-state is documented and only goes with --import-db', () => {
  assert.match(SERVE_USAGE, /--replace-state/);
  assert.equal(parseServeArgs(['--import-db', fixture, '--replace-state']).replaceState, true);
  assert.equal(parseServeArgs(['--import-db', fixture]).replaceState, false);
  assert.throws(() => parseServeArgs(['--replace-state']), ServeUsageError);
});

test('--import-db into a demo-pool state: refused (naming --replace-state), then replaced when asked', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-qa-import-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const state = join(dir, 'state');
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'first\n', { mode: 0o600 });
  const demo = serveInProcess(['--listen', '127.0.0.1:0', '--state', state, '--password-file', pw]);
  assert.ok((await vmNames(await demo.url, 'first')).includes('web01'));
  assert.equal(await demo.stop(), 0);
  const demoDisks = readdirSync(join(state, 'vdi'));
  assert.ok(demoDisks.length > 0, 'the demo pool has guest files');

  const refused = serveInProcess(['--listen', '127.0.0.1:0', '--state', state, '--import-db', fixture]);
  assert.equal(await refused.exit, 1);
  assert.match(refused.stderr(), /not empty.*--replace-state/);

  writeFileSync(pw, 'second\n', { mode: 0o600 });
  const replaced = serveInProcess(['--listen', '127.0.0.1:0', '--state', state, '--password-file', pw, '--import-db', fixture, '--replace-state']);
  const names = await vmNames(await replaced.url, 'second');
  assert.ok(names.includes('Control domain on host: fixture-host'), names.join(', '));
  assert.ok(!names.includes('web01'), 'the demo pool is gone');
  assert.equal(await replaced.stop(), 0);
  for (const disk of demoDisks) assert.ok(!existsSync(join(state, 'vdi', disk)), `guest files of ${disk} removed`);

  // The replaced state is an ordinary one from now on: a plain restart keeps the dump.
  const again = serveInProcess(['--listen', '127.0.0.1:0', '--state', state]);
  assert.ok((await vmNames(await again.url, 'second')).includes('Control domain on host: fixture-host'));
  assert.equal(await again.stop(), 0);
});
