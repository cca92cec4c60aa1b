import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homeWithPassword, runCli, startCliServer } from '../helpers/cli.js';
import { silentServer } from '../helpers/silent-server.js';

const server = startCliServer();

test('--timeout: a wait that reaches the deadline exits 5, even before its listener runs (a hung login)', async () => {
  const silent = await silentServer();
  try {
    const { env, file } = homeWithPassword();
    const wait = await runCli(['--timeout', '0.3', 'vm', 'wait', 'web01', 'power-state=halted', '--url', silent.url, '--password-file', file], { env });
    assert.equal(wait.code, 5, wait.stderr);
    assert.match(wait.stderr, /TIMEOUT/);
    const json = await runCli(['--timeout', '0.3', 'vm', 'wait', 'web01', 'power-state=halted', '-o', 'json', '--url', silent.url, '--password-file', file], { env });
    assert.equal(json.code, 5, json.stderr);
    assert.equal((JSON.parse(json.stderr.trim()) as { error: { code: string } }).error.code, 'TIMEOUT');
    // Anything else that reaches it still exits 3.
    const list = await runCli(['--timeout', '0.3', 'vm', 'list', '--url', silent.url, '--password-file', file], { env });
    assert.equal(list.code, 3, list.stderr);
  } finally {
    await silent.close();
  }
});

test('--timeout: a wait on a live server that reaches the deadline exits 5; one already met exits 0', async () => {
  const timedOut = await runCli(['--timeout', '0.3', 'vm', 'wait', 'web01', 'power-state=halted'], { server });
  assert.equal(timedOut.code, 5, timedOut.stderr);
  const met = await runCli(['--timeout', '5', 'vm', 'wait', 'web01', 'power-state=running'], { server });
  assert.equal(met.code, 0, met.stderr);
});
