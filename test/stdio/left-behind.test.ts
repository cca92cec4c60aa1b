// `--url stdio:COMMAND` whose shell is killed (the --timeout deadline) while a process it started still holds the
// pipes: xenctl reports the deadline and exits instead of waiting for that process to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));

test('stdio: a deadline with a grandchild holding stdout still ends the command (exit 3)', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-stdio-left-'));
  const pidFile = join(dir, 'pid');
  try {
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: dir, XDG_CONFIG_HOME: join(dir, 'c'), XDG_DATA_HOME: join(dir, 'd') };
    // sh waits on a background sleep that inherits its stdout; the SIGTERM after the grace ends sh only.
    const url = `stdio:sleep 40 2>/dev/null & echo $! > ${pidFile}; wait`;
    const res = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [BIN, '--url', url, '--timeout', '1', 'vm', 'list'], { env, timeout: 25_000 }, (err, _out, stderr) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : null, stderr });
      });
    });
    assert.equal(res.code, 3, `still running when killed (code ${String(res.code)}): ${res.stderr}`);
    assert.match(res.stderr, /deadline of 1 s/);
  } finally {
    if (existsSync(pidFile)) {
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8').trim()), 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
