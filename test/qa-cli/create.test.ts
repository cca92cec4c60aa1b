// `vm create` with only a few fields: the new object reads back (enum fields the caller left out get a valid value).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const run = (...argv: string[]) => runCli(argv, { server });

test('vm create name-label=x, then get and list it', async () => {
  const made = await run('vm', 'create', 'name-label=fresh', '-o', 'json');
  assert.equal(made.code, 0, made.stderr);
  const { ref } = JSON.parse(made.stdout) as { ref: string };
  const got = await run('vm', 'get', 'fresh', '-o', 'json');
  assert.equal(got.code, 0, got.stderr);
  const rec = JSON.parse(got.stdout) as Record<string, unknown>;
  assert.equal(rec['ref'], ref);
  assert.equal(rec['actions_after_shutdown'], 'destroy');
  assert.equal(rec['power_state'], 'Halted');
  const listed = await run('vm', 'list', '-c', 'name-label', '-o', 'minimal');
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /fresh/);
});
