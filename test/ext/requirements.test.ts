// The counted VM requirements (memory, bandwidth) refuse a negative value with VALUE_NOT_SUPPORTED and keep the old one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

for (const field of ['requires-bandwidth', 'requires-memory']) {
  test(`vm set ${field}=-5 is refused and changes nothing; a positive value is kept`, async () => {
    const server = startDemoServer();
    const bad = await runCli(['vm', 'set', 'test05', `${field}=-5`], { server });
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /VALUE_NOT_SUPPORTED/);
    assert.match(bad.stderr, /negative/);
    assert.equal((await runCli(['vm', 'get', 'test05', field], { server })).stdout.trim(), '0');
    const ok = await runCli(['vm', 'set', 'test05', `${field}=100`], { server });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await runCli(['vm', 'get', 'test05', field], { server })).stdout.trim(), '100');
  });
}
