// Ints from a reply become bigints; the converter shares one bigint per distinct number (bigints are values), which
// must never mix values up, lose exactness, or stop converting once its memo is full.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTyped } from '../../src/wire/typed.js';
import { WireTypeError } from '../../src/wire/errors.js';
import { getModel } from '../../src/model/index.js';
import type { XenType, XenValue } from '../../src/model/types.js';

const INTS: XenType = { kind: 'set', of: { kind: 'int' } };

test('ints typed through the shared memo stay exact and distinct, past the memo size too', () => {
  const model = getModel();
  const raw: XenValue[] = [];
  for (let i = -10; i < 10000; i++) raw.push(i * 3);
  raw.push(0, -0, 2 ** 53 - 1, -(2 ** 53 - 1), 2147483648, 9007199254740993n, '18446744073709551615', 1073741824);
  const typed = toTyped(model, INTS, raw, 'x') as bigint[];
  const again = toTyped(model, INTS, raw, 'x') as bigint[];
  assert.equal(typed.length, raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i] as number | bigint | string;
    assert.equal(typed[i], BigInt(r), String(r));
    assert.equal(again[i], BigInt(r), String(r));
  }
  assert.equal(typed.at(-3), 9007199254740993n);
  assert.equal(typed.at(-2), 18446744073709551615n);
  assert.throws(() => toTyped(model, INTS, [1, 2.5], 'x'), (e: unknown) => e instanceof WireTypeError && e.field === 'x[1]');
});

test('a VM record from a reply: ints as bigints, sets and maps as sent, defaults for missing fields', () => {
  const model = getModel();
  const rec = { uuid: 'u', memory_target: 1073741824, VCPUs_max: 2, user_version: 1, power_state: 'running', tags: ['a'] };
  const typed = toTyped(model, { kind: 'record', cls: 'VM' }, rec, 'r', { lenientEnums: true }) as Record<string, XenValue>;
  assert.equal(typed['memory_target'], 1073741824n);
  assert.equal(typed['VCPUs_max'], 2n);
  assert.equal(typed['power_state'], 'Running');
  assert.deepEqual(typed['tags'], ['a']);
  assert.equal(typeof typed['domid'], 'bigint');
  assert.equal(rec.memory_target, 1073741824, 'the raw record is not changed');
});
