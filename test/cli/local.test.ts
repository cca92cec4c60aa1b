// The real connection path: nothing configured means local:, the embedded server on a temp XDG data dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';

test('vm list with nothing configured: the embedded demo pool, one line on stderr saying so', async () => {
  const env = tempHome();
  const r = await runCli(['vm', 'list'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^xenctl: using the embedded demo server at .*xenctl\/local \(set --url or a context to manage a real pool\)\n$/);
  const names = r.stdout.trimEnd().split('\n').slice(1).map((l) => l.split('\t')[0]);
  for (const n of ['web01', 'web02', 'db01', 'mail01', 'dev01', 'build01', 'test01', 'test06']) assert.ok(names.includes(n), n);
  assert.ok(!names.includes('Debian 12'), 'templates hidden');
  assert.ok(!names.some((n) => n?.startsWith('Control domain')), 'control domains hidden');
  assert.ok(existsSync(join(env['XDG_DATA_HOME'] ?? '', 'xenctl', 'local')));
  const q = await runCli(['vm', 'get', 'web01', 'power-state', '-q'], { env });
  assert.equal(q.code, 0, q.stderr);
  assert.equal(q.stderr, '');
  assert.equal(q.stdout, 'Running\n');
});

test('context add, list, show, use, remove', async () => {
  const env = tempHome();
  const add = await runCli(['context', 'add', 'lab', '--url', 'https://pool.example:8443', '--user', 'ops', '-o', 'json'], { env });
  assert.equal(add.code, 0, add.stderr);
  assert.equal((JSON.parse(add.stdout) as { url: string }).url, 'https://pool.example:8443');
  assert.equal((await runCli(['context', 'add', 'other', '--url', 'http://h2'], { env })).code, 0);
  const use = await runCli(['context', 'use', 'lab'], { env });
  assert.equal(use.code, 0, use.stderr);
  const list = await runCli(['context', 'list'], { env });
  assert.equal(list.stdout, 'name\tcurrent\turl\tuser\nlab\ttrue\thttps://pool.example:8443\tops\nother\tfalse\thttp://h2\t\n');
  const show = await runCli(['context', 'show', '-o', 'value', '-c', 'name,user'], { env });
  assert.equal(show.stdout, 'lab\tops\n');
  assert.equal((await runCli(['context', 'remove', 'other'], { env })).code, 0);
  const missing = await runCli(['context', 'use', 'nosuch'], { env });
  assert.equal(missing.code, 2);
  const dup = await runCli(['context', 'add', 'lab', '--url', 'http://x'], { env });
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /already exists/);
});

test('serve passes its options through to the server', async () => {
  const r = await runCli(['serve', '--help'], { env: tempHome() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /--listen/);
  const bad = await runCli(['serve', '--no-such-option'], { env: tempHome() });
  assert.equal(bad.code, 2);
});

test('two commands at once on the same local: state: the second waits for the first', async () => {
  const env = tempHome();
  const [a, b] = await Promise.all([
    runCli(['vm', 'get', 'web01', 'power-state', '-q'], { env }),
    runCli(['vm', 'get', 'db01', 'power-state', '-q'], { env }),
  ]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout + b.stdout, 'Running\nRunning\n');
});

test('local: needs no system.listMethods to know it has the extensions (vm list shows the profile column)', async () => {
  const env = tempHome();
  const r = await runCli(['vm', 'list', '--debug', '-c', 'name-label,profile'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /web01\tweb server/);
  assert.match(r.stderr, /VM\.get_all_records/);
  assert.doesNotMatch(r.stderr, /system\.listMethods/);
  assert.doesNotMatch(r.stderr, /no xenctl extensions/);
});
