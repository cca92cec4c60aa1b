// Completion of the extension verbs: `vm profile` offers its words, `vm profile add <vm> ` the suggested values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { complete } from '../../src/cli/complete.js';

const model = getModel();

test('vm profile completes its verbs, then the suggested profile values after the VM', () => {
  assert.deepEqual(complete(model, ['vm', 'profile'], ''), ['add', 'remove', 'list']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'add', 'web01'], ''), ['web server', 'sendmail switch', 'dbms host', 'devel workstation']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'remove', 'web01'], 'd'), ['dbms host', 'devel workstation']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'add'], ''), []);
  assert.ok(complete(model, ['vm', 'migrate', 'db01'], '--').includes('--test'));
  assert.ok(complete(model, ['host', 'qualify'], '--').includes('--vm'));
});
