// Every wire name the RBAC code relies on is in the model (extension messages only with extensions on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { RBAC_EXTENSION_MESSAGES, SELF_CHECKED, SUBJECT_CLASS, SUBJECT_FIELDS } from '../../src/server/rbac/names.js';
import { M } from '../../src/cli/commands/rbac/common.js';

test('rbac wire names are in the model; the extension messages only with extensions', () => {
  const model = getModel();
  const plain = getModel({ extensions: false });
  for (const f of Object.values(SUBJECT_FIELDS)) assert.ok(model.findField(SUBJECT_CLASS, f), f);
  for (const m of SELF_CHECKED) assert.ok(plain.findMessage(m), m);
  const ext = new Set<string>(Object.values(RBAC_EXTENSION_MESSAGES));
  for (const m of ext) {
    assert.equal(model.findMessage(m)?.extension, true, m);
    assert.equal(plain.findMessage(m), undefined, m);
  }
  for (const m of Object.values(M)) {
    assert.ok(ext.has(m) ? model.findMessage(m) : plain.findMessage(m), m);
  }
});
