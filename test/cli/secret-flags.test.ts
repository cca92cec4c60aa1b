// A password parameter of a generated verb is never a value on the command line: its flag names a file (0600),
// a terminal asks for it, and the text dry-run plan masks it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDemoServer } from '../helpers/cli.js';

test('subject set-password takes --pwd-file FILE, refuses a loose file, needs it when piped; help shows no --pwd', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-secret-flag-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = startDemoServer();
  const run = (...argv: string[]) => runCli(argv, { server });
  assert.equal((await run('subject', 'create', 'subject-identifier=alice')).code, 0);
  const file = join(dir, 'pw');
  writeFileSync(file, 'Tr1cky-Secret\n', { mode: 0o600 });

  const help = await run('help', 'subject', 'set-password');
  assert.match(help.stdout, /--pwd-file FILE/);
  assert.doesNotMatch(help.stdout, /--pwd\b(?!-file)/);

  const dry = await run('subject', 'set-password', 'alice', '--pwd-file', file, '--dry-run');
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^subject\.set_password OpaqueRef:\S+ \*{8}$/m);
  assert.doesNotMatch(dry.stdout, /Tr1cky/);

  const set = await run('subject', 'set-password', 'alice', '--pwd-file', file);
  assert.equal(set.code, 0, set.stderr);
  assert.equal(await server.xapi.context.accounts.verify('alice', 'Tr1cky-Secret'), true);

  writeFileSync(join(dir, 'loose'), 'x\n', { mode: 0o644 });
  const loose = await run('subject', 'set-password', 'alice', '--pwd-file', join(dir, 'loose'));
  assert.notEqual(loose.code, 0);
  assert.match(loose.stderr, /readable by group or others/);

  const none = await run('subject', 'set-password', 'alice');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /missing --pwd-file/);
  assert.equal((await run('subject', 'set-password', 'alice', '--pwd', 'x')).code, 2);
});
