import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCliServer, tempHome } from '../helpers/cli.js';

const server = startCliServer();

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const addr = srv.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      srv.close(() => resolve());
    }),
  };
}

test('--timeout: a wait that reaches the deadline exits 5, even before its listener runs (a hung login)', async () => {
  const silent = await silentServer();
  try {
    const env = tempHome();
    const file = join(env['HOME'] ?? '', 'pw');
    writeFileSync(file, 'x\n');
    chmodSync(file, 0o600);
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
