// `<noun> wait` takes its conditions as arguments: a --where beside them is refused (exit 2) rather than ignored,
// which made a wait return at once on the other conditions alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer } from '../helpers/cli.js';

test('vm wait with --where is a usage error, not a wait that ignores it', async () => {
  const server = startCliServer();
  const r = await runCli(['vm', 'wait', 'web01', 'power-state=running', '--where', 'name-label=nope', '--timeout', '1'], { server });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /vm wait takes its conditions as arguments/);
  const plain = await runCli(['vm', 'wait', 'web01', 'power-state=running', '--timeout', '1'], { server });
  assert.equal(plain.code, 0, plain.stderr);
});

test('a bad value in a wait condition is named as the condition, not as a --where nobody typed', async () => {
  const server = startCliServer();
  const r = await runCli(['vm', 'wait', 'web01', 'power-state=bogus', '--timeout', '1'], { server });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^xenctl: power-state must be one of /m);
  assert.doesNotMatch(r.stderr, /--where/);
});
