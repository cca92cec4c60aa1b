import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer } from '../helpers/cli.js';

const server = startCliServer();

test('a message verb: object positional, flags for the other parameters, prints what it created', async () => {
  const r = await runCli(['vm', 'snapshot', 'db01', '--new-name', 'db02', '-o', 'json'], { server });
  assert.equal(r.code, 0, r.stderr);
  const made = JSON.parse(r.stdout) as { ref: string; uuid: string };
  assert.equal(server.store.get('VM', made.ref)?.['name_label'], 'db02');
  assert.equal(server.store.get('VM', made.ref)?.['uuid'], made.uuid);
});

test('an async-capable message on a terminal reports progress on stderr, then erases it', async () => {
  const r = await runCli(['vm', 'snapshot', 'db01', '--new-name', 'db03', '-o', 'minimal'], { server, isTTY: true });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /VM\.snapshot \d+%/);
  assert.ok(r.stderr.endsWith('\r\u001b[K'));
  assert.match(r.stdout, /^[0-9a-f-]{36}\n$/);
  const quiet = await runCli(['vm', 'snapshot', 'db01', '--new-name', 'db04', '-q'], { server, isTTY: true });
  assert.equal(quiet.stderr, '');
});

test('a refused message: exit 1 with the server error code and parameters', async () => {
  const r = await runCli(['vm', 'clean-shutdown', 'db01'], { server });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /\[VM_BAD_POWER_STATE \S+ running halted\]\n$/);
});

test('a result that is a record or a map is shown as one', async () => {
  const r = await runCli(['host', 'get-qualification', 'host1', '--vm', 'db01', '-o', 'json'], { server });
  assert.equal(r.code, 0, r.stderr);
  const checks = JSON.parse(r.stdout) as Record<string, string>;
  assert.match(checks['memory'] ?? '', /^(pass|fail: .+)$/);
  const piped = await runCli(['host', 'get-qualification', 'host1', '--vm', 'db01'], { server });
  assert.match(piped.stdout, /^memory\t(pass|fail)/m);
});
