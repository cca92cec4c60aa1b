// Which verbs ask before acting, and the questions they ask (main() in-process, a terminal pretended).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';
import { canPrompt, confirmQuestion, needsConfirmation } from '../../src/cli/prompt.js';

test('canPrompt wants stdin, stdout and stderr all terminals', () => {
  assert.equal(canPrompt({ isTTY: { stdin: true, stdout: true, stderr: true } }), true);
  assert.equal(canPrompt({ isTTY: { stdin: true, stdout: false, stderr: true } }), false);
  assert.equal(canPrompt({ isTTY: { stdin: false, stdout: true, stderr: true } }), false);
  assert.equal(canPrompt({ isTTY: { stdin: true, stdout: true, stderr: false } }), false);
});

test('destroy, hard_shutdown and hard_reboot ask; clean_shutdown does not', () => {
  assert.deepEqual(['destroy', 'hard_shutdown', 'hard_reboot', 'clean_shutdown', 'start'].map(needsConfirmation), [true, true, true, false, false]);
  assert.equal(confirmQuestion('hard-shutdown', 'vm', 'web01'), 'Hard-shutdown vm web01?');
});

test('on a terminal: hard-shutdown asks and a no exits 130 with nothing done; --yes and clean-shutdown do not ask', async () => {
  const server = startDemoServer();
  const asked: string[] = [];
  const confirm = async (q: string): Promise<boolean> => {
    asked.push(q);
    return false;
  };
  const no = await runCli(['vm', 'hard-shutdown', 'web01'], { server, isTTY: true, confirm });
  assert.equal(no.code, 130);
  assert.deepEqual(asked, ['Hard-shutdown vm web01?']);
  assert.equal((await runCli(['vm', 'get', 'web01', 'power-state'], { server })).stdout, 'Running\n');
  assert.equal((await runCli(['--yes', 'vm', 'hard-shutdown', 'web01'], { server, isTTY: true, confirm })).code, 0);
  assert.equal((await runCli(['vm', 'clean-shutdown', 'web02'], { server, isTTY: true, confirm })).code, 0);
  assert.deepEqual(asked, ['Hard-shutdown vm web01?']);
  const piped = await runCli(['vm', 'destroy', 'test06'], { server, isTTY: false, confirm });
  assert.equal(piped.code, 0);
  assert.deepEqual(asked, ['Hard-shutdown vm web01?']);
});
