// Ctrl-C during an async call: the CLI aborts one signal that both the client and the call watch. The task must
// still be cancelled on the server (the cancel is not itself aborted), and a terminal may choose to leave it running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel, XenApiError } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import { localTransport } from '../../src/transport/local.js';
import { fakeTasks, TASK_REF } from '../client/fake-tasks.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

class Interrupted extends Error {}

test('client: one signal for the client and the call; aborting it still cancels the task (TASK_CANCELLED)', async () => {
  const fake = fakeTasks();
  const ac = new AbortController();
  const c = new XenClient({ transport: localTransport(fake.handler), model: getModel(), protocol: 'jsonrpc', signal: ac.signal, pollIntervalMs: 5, eventTimeoutSeconds: 1 });
  setTimeout(() => ac.abort(new Interrupted('interrupted')), 20);
  await assert.rejects(c.callAsync('VM.clone', ['OpaqueRef:vm', 'copy'], { signal: ac.signal }), (e: unknown) =>
    e instanceof XenApiError && e.code === 'TASK_CANCELLED' && e.params[0] === TASK_REF);
  assert.ok(fake.calls.includes('task.cancel'));
  assert.equal(fake.task.status, 'cancelled');
  assert.equal(fake.destroyed, 1);
});

test('client: confirmCancel answering no leaves the task running and rejects with the abort reason', async () => {
  const fake = fakeTasks();
  const ac = new AbortController();
  const c = new XenClient({ transport: localTransport(fake.handler), model: getModel(), protocol: 'jsonrpc', signal: ac.signal, pollIntervalMs: 5, eventTimeoutSeconds: 1 });
  const asked: string[] = [];
  setTimeout(() => ac.abort(new Interrupted('interrupted')), 20);
  await assert.rejects(c.callAsync('VM.clone', ['OpaqueRef:vm', 'copy'], {
    signal: ac.signal,
    confirmCancel: async (task) => (asked.push(task), false),
  }), (e: unknown) => e instanceof Interrupted);
  assert.deepEqual(asked, [TASK_REF]);
  assert.ok(!fake.calls.includes('task.cancel'));
  assert.equal(fake.task.status, 'pending');
  assert.equal(fake.destroyed, 0);
});

/**
 * `vm copy` on the embedded local: server (a copy takes a few seconds as a task), interrupted as soon as stderr shows
 * the wait has begun: the first progress line on a terminal, else the first event.from of --debug.
 */
async function interruptedCopy(env: Record<string, string>, name: string, opts: { isTTY?: boolean; confirm?: (q: string) => Promise<boolean> } = {}) {
  const ac = new AbortController();
  let stdout = '';
  let stderr = '';
  const tty = opts.isTTY ?? false;
  const io: CliIO = {
    stdout: { write: (c: string) => ((stdout += c), true) },
    stderr: {
      write: (c: string) => {
        stderr += c;
        if (/VM\.copy \d+%|--> .* event\.from/.test(c)) ac.abort();
        return true;
      },
    },
    stdin: (async function* () {})(),
    isTTY: { stdin: tty, stdout: tty, stderr: tty },
    columns: 100,
    cwd: process.cwd(),
    pid: process.pid,
    signal: ac.signal,
  };
  const argv = ['--url', 'local:', ...(tty ? [] : ['--debug']), 'vm', 'copy', 'dev01', '--new-name', name, '--sr', 'Shared storage'];
  const code = await main(argv, io, env, opts.confirm === undefined ? {} : { confirm: opts.confirm });
  return { code, stdout, stderr };
}

async function vmNames(env: Record<string, string>): Promise<string[]> {
  const r = await runCli(['--url', 'local:', 'vm', 'list', '-c', 'name-label', '-o', 'minimal'], { env });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.trim().split(',');
}

test('CLI: Ctrl-C during vm copy (no terminal) cancels the task: exit 130, no copy made', async () => {
  const env = tempHome();
  const r = await interruptedCopy(env, 'copy-cancelled');
  assert.equal(r.code, 130, r.stderr);
  await new Promise((resolve) => setTimeout(resolve, 2500));
  assert.ok(!(await vmNames(env)).includes('copy-cancelled'));
});

test('CLI: on a terminal Ctrl-C asks; "no" leaves the copy running on the server', async () => {
  const env = tempHome();
  const questions: string[] = [];
  const r = await interruptedCopy(env, 'copy-kept', { isTTY: true, confirm: async (q) => (questions.push(q), false) });
  assert.equal(r.code, 130, r.stderr);
  assert.match(questions.join('\n'), /Cancel the task/);
  assert.match(r.stderr, /goes on on the server/);
});
