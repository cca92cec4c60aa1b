import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbString, evalFilter, FilterParseError, parseFilter } from '../../src/server/filter.js';
import type { XenStruct } from '../../src/model/types.js';

const vm: XenStruct = Object.assign(Object.create(null) as Record<string, never>, {
  uuid: 'u-1', name_label: 'web01', power_state: 'Running', is_a_template: false,
  memory_static_max: 2147483648n, tags: ['a', 'b'], other_config: { k: 'v' },
});

const matches = (expr: string): boolean => evalFilter(parseFilter(expr), vm);

test('constants, equality on db column names and on wire names', () => {
  assert.equal(matches('true'), true);
  assert.equal(matches('false'), false);
  assert.equal(matches('field "name__label"="web01"'), true);
  assert.equal(matches('field "name_label"="web01"'), true);
  assert.equal(matches('field "name__label"="web02"'), false);
  assert.equal(matches('"x"="x"'), true);
  assert.equal(matches('field "uuid"=field "uuid"'), true);
});

test('values compare in their database string form', () => {
  assert.equal(matches('field "is_a_template"="false"'), true);
  assert.equal(matches('field "memory__static_max"="2147483648"'), true);
  assert.equal(matches('field "power_state"="Running"'), true);
  assert.equal(matches('field "no_such_field"=""'), true);
  assert.equal(dbString(['a', 'b']), "('a' 'b')");
  assert.equal(dbString({ k: 'v' }), "(('k' 'v'))");
  assert.equal(dbString(new Date(Date.UTC(2025, 2, 19, 4, 16, 24))), '20250319T04:16:24Z');
});

test('and, or, not, parentheses and precedence', () => {
  assert.equal(matches('(field "uuid"="X") or (field "name__label"="web01")'), true);
  assert.equal(matches('field "uuid"="X" or field "name__label"="web01" and false'), false);
  assert.equal(matches('true or false and false'), true);
  assert.equal(matches('not field "power_state"="Halted"'), true);
  assert.equal(matches('not (true and false)'), true);
  assert.equal(matches('  field "uuid" = "u-1"  AND  TRUE '), true);
});

test('unparseable expressions throw FilterParseError', () => {
  for (const bad of ['', 'field', 'field "x"', 'field "x"=', '"a"="b" "c"', '(true', 'true)', 'field "x=1', 'x=y', 'true & false']) {
    assert.throws(() => parseFilter(bad), FilterParseError, bad);
  }
});
