// `event watch --timeout S`: the deadline ends the watch with exit 3, and the token reached is still printed
// (as on Ctrl-C or --count), so a script polling in windows can resume with --since. Formats a stream cannot
// honour are refused up front.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startCliServer } from '../helpers/cli.js';

test('event watch: the --timeout deadline exits 3 and prints the token to resume from', async () => {
  const server = startCliServer();
  const r = await runCli(['--timeout', '0.3', 'event', 'watch', '--class', 'vm'], { server });
  assert.equal(r.code, 3, r.stderr);
  const m = /stopped at token (\S+); resume with --since (\S+)/.exec(r.stderr);
  assert.ok(m !== null, r.stderr);
  assert.equal(m[1], m[2]);
  assert.match(r.stderr, /deadline of 0\.3 s/);
  // The token printed is one the server takes back.
  const again = await runCli(['--timeout', '0.3', 'event', 'watch', '--class', 'vm', '--since', m[1] ?? ''], { server });
  assert.equal(again.code, 3, again.stderr);
  assert.match(again.stderr, /stopped at token/);
});

test('event watch / message watch: -o csv, yaml, xml, value, minimal are a usage error, not lines with an XML envelope after them', async () => {
  const server = startCliServer();
  for (const format of ['xml', 'csv', 'yaml', 'value', 'minimal']) {
    const r = await runCli(['-o', format, '--timeout', '5', 'event', 'watch', '--class', 'vm'], { server });
    assert.equal(r.code, 2, `${format}: ${r.stderr}`);
    assert.equal(r.stdout, '', format);
    assert.match(r.stderr, new RegExp(`not -o ${format}`));
  }
  const m = await runCli(['-o', 'xml', '--timeout', '5', 'message', 'watch'], { server });
  assert.equal(m.code, 2, m.stderr);
  // The stream formats still run (here until the deadline).
  const j = await runCli(['-o', 'ndjson', '--timeout', '0.3', 'event', 'watch', '--class', 'vm'], { server });
  assert.equal(j.code, 3, j.stderr);
});
