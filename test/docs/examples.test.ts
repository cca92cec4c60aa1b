// The man page's EXAMPLES, run as written (by bash, xenctl on PATH) on a fresh local: demo pool, in order; the ones
// that name a real host or a fixed port are left out.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { EXAMPLES } from '../../src/docs/man-text.js';
import { homeWithXenctl } from '../helpers/bin.js';

const { home, env } = homeWithXenctl('xenctl-examples-');
after(() => rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

function sh(line: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', `set -e\n${line}`], { env, cwd: home, timeout: 60_000 }, (err, _out, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 99, stderr });
    });
  });
}

test('the man page examples run as written on the demo pool', async () => {
  const runnable = EXAMPLES.filter(([, cmd]) => !cmd.includes('example.org') && !cmd.includes('xenctl serve'));
  assert.ok(runnable.length >= 6, `${runnable.length} examples`);
  for (const [what, cmd] of runnable) {
    const r = await sh(cmd);
    assert.equal(r.code, 0, `${what}\n${cmd}\n${r.stderr}`);
  }
  // The clone example gave the clone's guest its host name.
  const hostname = await new Promise<string>((resolve) => {
    execFile('bash', ['-c', 'xenctl -q vdi cat "$(xenctl -q vbd list --where vm=web03 -o value -c vdi)" /etc/hostname'], { env, cwd: home }, (_e, out) => resolve(out));
  });
  assert.equal(hostname, 'web03\n');
});
