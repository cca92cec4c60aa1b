// The bulk runner on its own: at most N actions at a time, results in the targets' order, no new action after
// a failure unless told to continue, an interruption ends the run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XenApiError } from '../../src/model/errors.js';
import { bulkResult, runEach } from '../../src/cli/bulk/run.js';
import type { Target } from '../../src/cli/bulk/targets.js';
import { InterruptedError } from '../../src/cli/errors.js';

const targets: Target[] = Array.from({ length: 12 }, (_, i) => ({ ref: `OpaqueRef:${i}`, uuid: `u${i}`, name: `vm${i}` }));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 2));

test('runEach: at most N at a time (and N reached), one failure reported with its code, order kept', async () => {
  let active = 0;
  let peak = 0;
  const outcomes = await runEach(targets, { parallel: 4, continueOnError: true }, async (t) => {
    active++;
    peak = Math.max(peak, active);
    await tick();
    active--;
    if (t.name === 'vm5') throw new XenApiError('OPERATION_NOT_ALLOWED', ['start is blocked']);
  });
  assert.equal(peak, 4);
  assert.deepEqual(outcomes.map((o) => o.target.name), targets.map((t) => t.name));
  assert.deepEqual(outcomes.filter((o) => o.status === 'failed').map((o) => [o.target.name, o.code, o.params]), [['vm5', 'OPERATION_NOT_ALLOWED', ['start is blocked']]]);
  const result = bulkResult(outcomes);
  assert.equal(result.exitCode, 6);
  assert.equal(bulkResult(outcomes.filter((o) => o.status === 'ok')).exitCode, undefined);
});

test('runEach without continue-on-error: in-flight ones finish, no new one starts, the rest are skipped', async () => {
  const started: string[] = [];
  const outcomes = await runEach(targets, { parallel: 3, continueOnError: false }, async (t) => {
    started.push(t.name);
    // vm1 fails at once, while vm0 and vm2 are still running.
    if (t.name === 'vm1') throw new XenApiError('VM_BAD_POWER_STATE', []);
    await tick();
  });
  assert.deepEqual(started, ['vm0', 'vm1', 'vm2']);
  assert.deepEqual(outcomes.map((o) => o.status), ['ok', 'failed', 'ok', ...Array<string>(9).fill('skipped')]);
});

test('runEach: an interruption ends the whole run (exit 130, not a row)', async () => {
  const ac = new AbortController();
  await assert.rejects(runEach(targets, { parallel: 2, continueOnError: true }, async (t) => {
    await tick();
    if (t.name === 'vm2') ac.abort();
  }, { signal: ac.signal }), InterruptedError);
});
