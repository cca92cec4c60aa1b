// --dry-run on the context verbs that change config.yaml: checked and shown as usual, the file left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';

test('context add / use / remove --dry-run change nothing; errors are still reported', async () => {
  const env = tempHome();
  const file = join(env['XDG_CONFIG_HOME'] ?? '', 'xenctl', 'config.yaml');
  const run = (...argv: string[]) => runCli(argv, { env });
  const dry = await run('context', 'add', 'a', '--url', 'http://pool1', '--dry-run', '-o', 'json');
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal((JSON.parse(dry.stdout) as { name: string }).name, 'a');
  assert.ok(!existsSync(file), 'a dry run wrote config.yaml');
  assert.equal((await run('context', 'add', 'a', '--url', 'http://pool1')).code, 0);
  const before = readFileSync(file, 'utf8');
  assert.equal((await run('context', 'use', 'a', '--dry-run')).code, 0);
  assert.equal((await run('context', 'remove', 'a', '--dry-run')).code, 0);
  assert.equal((await run('context', 'add', 'b', '--url', 'http://pool2', '--use', '--dry-run')).code, 0);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.equal((await run('context', 'add', 'a', '--url', 'http://pool1', '--dry-run')).code, 2);
  assert.equal((await run('context', 'remove', 'nosuch', '--dry-run')).code, 2);
});
