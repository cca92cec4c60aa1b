// After `kill -9` the server's process stays a zombie until its parent reaps it (for a server started in the
// background of a shell that has exited, that is init, whenever it gets to it). A zombie holds no state directory:
// a restart right away must not be refused with "in use by process N". Real processes, Linux /proc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { procAlive } from '../../src/server/store/lock.js';

function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return '';
  }
}

test('a zombie process is not alive for the state lock; a running one is', { skip: existsSync('/proc/self') ? false : 'no /proc' }, async (t) => {
  // `sleep 0` becomes a child of the exec'd `sleep 5`, which never waits for it: a zombie for five seconds.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => parent.kill('SIGKILL'));
  const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
  for (let i = 0; i < 100 && stateOf(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(stateOf(zombie), 'Z', 'the child became a zombie');
  assert.equal(procAlive(zombie), false);
  assert.equal(procAlive(parent.pid!), true);
  assert.equal(procAlive(process.pid), true);
});
