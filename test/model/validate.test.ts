import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError, getModel, modelProblems, validateModel } from '../../src/model/index.js';
import { buildModel } from '../../src/model/build.js';
import type { CClass, CompactModel } from '../../src/model/compact.js';
import type { Extension } from '../../src/model/extensions/types.js';

const base: CClass = {
  name: 'thing', life: '', flags: 'ra', roles: { g: 14, c: 4 },
  fields: [['uuid', 'string', 'r', '', 0], ['name_label', 'string', 'w', '', 4, ''], ['kind', 'enum colour', 'c', '', 0, 'red']],
  messages: [['frob', [['self', 'thing ref'], ['other', 'thing ref', 0]], 'void', ['HANDLE_INVALID'], 4, '', '']],
};

function tiny(patch: (c: CClass) => CClass, enumValues: readonly string[] = ['red', 'green']): CompactModel {
  return { version: 1, digest: '', enums: [['colour', enumValues]], errorCodes: ['HANDLE_INVALID'], classes: [patch(base)] };
}

test('the real model is consistent', () => {
  assert.deepEqual(modelProblems(getModel()), []);
  assert.deepEqual(modelProblems(getModel({ extensions: false })), []);
});

test('a consistent tiny model passes', () => {
  const m = buildModel(tiny((c) => c), undefined);
  validateModel(m);
  assert.ok(m.findMessage('thing.get_name_label'));
});

function problemsOf(data: CompactModel): string[] {
  try {
    return modelProblems(buildModel(data, undefined));
  } catch (e) {
    // A class with problems refuses to build (it is checked on first use).
    assert.ok(e instanceof ModelError);
    return [...e.problems];
  }
}

test('a ref to an unknown class is caught', () => {
  const p = problemsOf(tiny((c) => ({ ...c, fields: [...c.fields, ['owner', 'ghost ref', 'r', '', 0]] })));
  assert.ok(p.some((x) => x.includes('unknown class ghost')), p.join());
});

test('an unknown enum is caught', () => {
  const p = problemsOf(tiny((c) => ({ ...c, fields: [...c.fields, ['mood', 'enum mood', 'r', '', 0]] })));
  assert.ok(p.some((x) => x.includes('unknown enum mood')), p.join());
});

test('an uncatalogued error code is caught', () => {
  const p = problemsOf(tiny((c) => ({ ...c, messages: [['zap', [], 'void', ['NO_SUCH_CODE_X'], 4, '', '']] })));
  assert.ok(p.some((x) => x.includes('NO_SUCH_CODE_X')), p.join());
});

test('duplicate enum values are caught', () => {
  const p = problemsOf(tiny((c) => c, ['red', 'red']));
  assert.ok(p.some((x) => x.includes('enum colour')), p.join());
});

test('duplicate field and message names are caught', () => {
  const dupField = problemsOf(tiny((c) => ({ ...c, fields: [...c.fields, ['uuid', 'string', 'r', '', 0]] })));
  assert.ok(dupField.some((x) => x.includes('duplicate field uuid')), dupField.join());
  const dupMsg = problemsOf(tiny((c) => ({ ...c, messages: [...c.messages, ['frob', [], 'void', [], 4, '', '']] })));
  assert.ok(dupMsg.some((x) => x.includes('duplicate message frob')), dupMsg.join());
});

test('a required parameter after an optional one is caught', () => {
  const p = problemsOf(tiny((c) => ({ ...c, messages: [['zap', [['a', 'int', 0], ['b', 'int']], 'void', [], 4, '', '']] })));
  assert.ok(p.some((x) => x.includes('required parameter b')), p.join());
});

test('validateModel throws ModelError listing the problems', () => {
  const m = buildModel(tiny((c) => c, ['red', 'red']), undefined);
  assert.throws(() => validateModel(m), (e: unknown) => e instanceof ModelError && e.problems.length === 1);
});

test('an extension that clashes with a datamodel field or message is caught', () => {
  const clash: Extension = {
    fields: [{ cls: 'thing', name: 'name_label', type: 'string', qualifier: 'RW', setterRole: 'vm-admin', description: 'x' }],
    messages: [{ cls: 'thing', name: 'frob', params: [], result: 'void', errors: [], minRole: 'read-only', async: false, description: 'x' }],
    appendParams: [],
  };
  assert.throws(() => buildModel(tiny((c) => c), [clash]).findClass('thing'), (e: unknown) =>
    e instanceof ModelError && e.problems.some((p) => p.includes('duplicate field name_label'))
    && e.problems.some((p) => p.includes('duplicate message frob')));
});

test('an extension field gets implicit messages marked as extensions', () => {
  const ext: Extension = {
    fields: [{ cls: 'thing', name: 'flavours', type: 'string set', qualifier: 'RW', setterRole: 'vm-operator', description: 'x' }],
    messages: [], appendParams: [],
  };
  const m = buildModel(tiny((c) => c), [ext]);
  assert.equal(m.findMessage('thing.add_flavours')?.extension, true);
  assert.equal(m.findMessage('thing.add_flavours')?.roles.at(-1), 'vm-operator');
  assert.equal(m.findMessage('thing.get_name_label')?.extension, undefined);
});
