import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import {
  CLASSES, COMMON_FIELDS, POOL_FIELDS, ROLE_FIELDS, SESSION_FIELDS, TASK_CANCEL, TASK_FIELDS, TASK_STATUS,
} from '../../src/server/wire-names.js';
import { builtinHandlers } from '../../src/server/handlers/index.js';
import { sessionHandlers } from '../../src/server/handlers/session.js';

const model = getModel({ extensions: false });

function assertFields(cls: string, fields: Readonly<Record<string, string>>): void {
  for (const f of Object.values(fields)) assert.ok(model.findField(cls, f) !== undefined, `${cls}.${f}`);
}

test('every wire name the server relies on is in the model', () => {
  for (const c of Object.values(CLASSES)) assert.ok(model.classes.has(c), c);
  for (const c of Object.values(CLASSES)) assertFields(c, { uuid: COMMON_FIELDS.uuid });
  assertFields(CLASSES.task, { ...TASK_FIELDS, label: COMMON_FIELDS.nameLabel });
  assertFields(CLASSES.role, { ...ROLE_FIELDS, label: COMMON_FIELDS.nameLabel, d: COMMON_FIELDS.nameDescription });
  assertFields(CLASSES.session, SESSION_FIELDS);
  assertFields(CLASSES.pool, POOL_FIELDS);
  const status = model.findField(CLASSES.task, TASK_FIELDS.status)!.type;
  assert.equal(status.kind, 'enum');
  const values = status.kind === 'enum' ? model.enums.get(status.name)!.values : [];
  for (const v of Object.values(TASK_STATUS)) assert.ok(values.includes(v), v);
  const ops = model.findField(CLASSES.task, TASK_FIELDS.allowedOperations)!.type;
  assert.ok(ops.kind === 'set' && ops.of.kind === 'enum' && model.enums.get(ops.of.name)!.values.includes(TASK_CANCEL));
});

test('every session handler names a message of the plain datamodel', () => {
  for (const name of sessionHandlers().keys()) assert.ok(model.findMessage(name) !== undefined, name);
  assert.ok(builtinHandlers(model).size >= sessionHandlers().size);
});
