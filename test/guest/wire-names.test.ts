// Every wire name the guest-file code spells (server and CLI) exists in the model; only VDI.get_file is an extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { GUEST_CLASSES, GUEST_MESSAGES, VBD_FIELDS, VDI_FIELDS, VIF_FIELDS, VM_DEVICE_FIELDS } from '../../src/server/guest/wire-names.js';
import { CLASS, F, W } from '../../src/cli/clone/wire.js';

test('the classes, messages and fields named by the guest-file code are in the model', () => {
  const full = getModel();
  const plain = getModel({ extensions: false });
  for (const cls of [...Object.values(GUEST_CLASSES), ...Object.values(CLASS)]) assert.ok(plain.findClass(cls), cls);
  for (const name of [...Object.values(GUEST_MESSAGES), ...Object.values(W)]) {
    assert.ok(full.findMessage(name), name);
    if (name !== W.getFile) assert.ok(plain.findMessage(name), `${name} without extensions`);
  }
  assert.equal(plain.findMessage(W.getFile), undefined);
  const has = (cls: string, field: string): boolean => plain.findClass(cls)?.fields.some((f) => f.name === field) === true;
  for (const f of Object.values(VDI_FIELDS)) assert.ok(has('VDI', f), f);
  for (const f of Object.values(VBD_FIELDS)) assert.ok(has('VBD', f), f);
  for (const f of Object.values(VIF_FIELDS)) assert.ok(has('VIF', f), f);
  for (const f of Object.values(VM_DEVICE_FIELDS)) assert.ok(has('VM', f), f);
  for (const f of [F.vbds, F.vifs]) assert.ok(has('VM', f), f);
  for (const f of [F.vdi, F.type, F.empty, F.userdevice]) assert.ok(has('VBD', f), f);
  for (const f of [F.device, F.mac]) assert.ok(has('VIF', f), f);
});
