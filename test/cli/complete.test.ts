import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { complete } from '../../src/cli/complete.js';
import { runCli } from '../helpers/cli.js';

const model = getModel();

test('completion of nouns, verbs, flags and fields comes from the specs', () => {
  assert.ok(complete(model, [], 'v').includes('vm-metrics'));
  assert.ok(!complete(model, [], '').includes('__complete'));
  assert.deepEqual(complete(model, ['vm'], 'cl'), ['clean-reboot', 'clean-shutdown', 'clone']);
  assert.deepEqual(complete(model, ['vm', 'start', 'web01'], '--st'), ['--start-paused']);
  assert.deepEqual(complete(model, ['vm', 'get', 'web01'], 'power'), ['power-state']);
  assert.deepEqual(complete(model, ['vm', 'set', 'web01'], 'name-'), ['name-label=', 'name-description=']);
  assert.ok(complete(model, ['-o', 'json', 'vm', 'list', '--where'], 'power').includes('power-state'));
  assert.deepEqual(complete(model, ['vm', 'list', '-o'], 'ya'), ['yaml']);
});

test('xenctl __complete prints one candidate a line', async () => {
  const r = await runCli(['__complete', 'context', '']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'add\nuse\nlist\nshow\nremove\n');
});
