// A password sent over plain http:// to another machine is said on stderr; loopback is left quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { runCli } from '../helpers/cli.js';

const lan = Object.values(networkInterfaces()).flat().find((a) => a !== undefined && a.family === 'IPv4' && !a.internal)?.address;

test('http:// to a non-loopback host warns that the password goes unencrypted', { skip: lan === undefined ? 'no non-loopback IPv4 address here' : false }, async () => {
  // Port 9 (discard) is closed: the connection is refused at once, after the warning.
  const r = await runCli(['--url', `http://${lan}:9`, 'vm', 'list'], { env: { HOME: '/nonexistent' } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, new RegExp(`password goes unencrypted over http:// to ${lan?.replace(/\./g, '\\.') ?? ''}`));
  const local = await runCli(['--url', 'http://127.0.0.1:9', 'vm', 'list'], { env: { HOME: '/nonexistent' } });
  assert.equal(local.code, 3);
  assert.doesNotMatch(local.stderr, /unencrypted/);
});
