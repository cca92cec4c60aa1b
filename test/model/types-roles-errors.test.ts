import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ERR, NULL_REF, ROLES, TypeSpellingError, formatType, getModel, isAllowed, parseType, rolesAtLeast, zeroValue,
} from '../../src/model/index.js';
import { generatedCompact } from '../../src/model/gen/load.js';

const DATAMODEL = generatedCompact();

test('parseType and formatType round-trip every spelling of the datamodel', () => {
  const spellings = new Set<string>();
  for (const c of DATAMODEL.classes) {
    for (const f of c.fields) spellings.add(f[1]);
    for (const m of c.messages) {
      spellings.add(m[2]);
      for (const p of m[1]) spellings.add(p[1]);
    }
  }
  assert.ok(spellings.size > 200);
  for (const s of spellings) assert.equal(formatType(parseType(s)), s);
});

test('parseType structure and errors', () => {
  assert.deepEqual(parseType('(string -> enum vm_operations) map'),
    { kind: 'map', key: { kind: 'string' }, value: { kind: 'enum', name: 'vm_operations' } });
  assert.deepEqual(parseType('(int -> string set) map'),
    { kind: 'map', key: { kind: 'int' }, value: { kind: 'set', of: { kind: 'string' } } });
  assert.deepEqual(parseType('sr_stat record option'), { kind: 'option', of: { kind: 'record', cls: 'sr_stat' } });
  assert.deepEqual(parseType('<class> record'), { kind: 'record', cls: '<class>' });
  for (const bad of ['', 'VM refs', '(string string) map', 'enum', 'a b ref']) {
    assert.throws(() => parseType(bad), TypeSpellingError, bad);
  }
});

test('zeroValue', () => {
  assert.equal(zeroValue(parseType('string')), '');
  assert.equal(zeroValue(parseType('int')), 0n);
  assert.equal(zeroValue(parseType('float')), 0);
  assert.equal(zeroValue(parseType('bool')), false);
  assert.equal((zeroValue(parseType('datetime')) as Date).getTime(), 0);
  assert.equal(zeroValue(parseType('VM ref')), NULL_REF);
  assert.deepEqual(zeroValue(parseType('VM ref set')), []);
  assert.deepEqual({ ...(zeroValue(parseType('(string -> string) map')) as object) }, {});
  assert.equal(zeroValue(parseType('enum vm_power_state'), getModel().enums), 'Halted');
});

test('roles helpers', () => {
  assert.deepEqual(rolesAtLeast('vm-admin'), ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin']);
  assert.deepEqual(rolesAtLeast('read-only'), ROLES);
  const start = getModel().findMessage('VM.start')!;
  assert.equal(isAllowed(start, 'vm-operator'), true);
  assert.equal(isAllowed(start, 'pool-admin'), true);
  assert.equal(isAllowed(start, 'read-only'), false);
  assert.equal(isAllowed(start, 'client-cert'), false);
  assert.equal(isAllowed(getModel().findMessage('host.disable')!, 'client-cert'), true);
  assert.equal(isAllowed(start, 'nobody'), false);
});

test('ERR maps every catalogued code to itself and is frozen', () => {
  const errors = getModel().errors;
  assert.equal(ERR.HANDLE_INVALID, 'HANDLE_INVALID');
  assert.equal(ERR.VM_BAD_POWER_STATE, 'VM_BAD_POWER_STATE');
  assert.ok(Object.isFrozen(ERR));
  assert.deepEqual(Object.keys(ERR).sort(), [...errors.keys()].sort());
  for (const [k, v] of Object.entries(ERR)) assert.equal(k, v);
});

test('the error catalogue has parameter names from the reference and a description for every code', () => {
  const errors = getModel().errors;
  assert.deepEqual(errors.get('HANDLE_INVALID')?.params, ['class', 'handle']);
  assert.deepEqual(errors.get('VM_BAD_POWER_STATE')?.params, ['vm', 'expected', 'actual']);
  assert.deepEqual(errors.get('MESSAGE_PARAMETER_COUNT_MISMATCH')?.params, ['method', 'expected', 'received']);
  assert.ok(errors.size > 100);
  for (const e of errors.values()) assert.match(e.description, /\.$/, e.code);
  // Every code a message documents is catalogued.
  for (const c of getModel().classes.values()) for (const m of c.messages) for (const e of m.errors) assert.ok(errors.has(e), e);
});
