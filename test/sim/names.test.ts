import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { simHandlers } from '../../src/server/sim/handlers.js';
import { NEEDS } from '../../src/server/sim/vm-ops.js';
import { CHECK_NAMES } from '../../src/server/sim/checks.js';

test('every message the simulator handles is in the model (extensions included)', () => {
  const model = getModel({ extensions: true });
  for (const name of simHandlers().keys()) assert.ok(model.findMessage(name) !== undefined, name);
});

test('every operation of the power-state table is a vm_operations value', () => {
  const ops = getModel().enums.get('vm_operations')?.values ?? [];
  for (const op of Object.keys(NEEDS)) assert.ok(ops.includes(op), op);
});

test('the qualification checks are the ones INTERFACES.md lists', () => {
  assert.deepEqual([...CHECK_NAMES], ['memory', 'tpm', 'bandwidth', 'cpu_features', 'enabled', 'networks', 'storage']);
});
