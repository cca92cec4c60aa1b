import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from '../../src/render/index.js';
import type { TerminalCaps } from '../../src/render/index.js';

const narrow: TerminalCaps = { isTTY: true, color: false, width: 40 };
const other = 'base_template_name: Debian 12; mac_seed: 56da1e2e-3177-58e9-8cbb-eef28c1196cf; linux_template: true';

test('record in a table on a TTY is fitted to the width: long values wrap under their column, nothing is lost', () => {
  const out = render({ kind: 'record', record: { name_label: 'web01', other_config: { x: 'y' } } }, { format: 'table', headers: {} }, narrow);
  assert.equal(out, 'name-label    web01\nother-config  x: y\n');
  const long = render({ kind: 'record', record: { name_label: 'web01', other_config: other } }, { format: 'table' }, narrow);
  const lines = long.trimEnd().split('\n');
  assert.ok(lines.length > 2, long);
  for (const line of lines) assert.ok(line.length <= 40, `wider than 40: ${JSON.stringify(line)}`);
  for (const line of lines.slice(2)) assert.ok(line.startsWith(' '.repeat(14)), line);
  const joined = lines.slice(1).map((l) => l.slice(14)).join('');
  assert.equal(joined.replace(/\s+/g, ''), other.replace(/\s+/g, ''));
});

test('record in a table piped stays one field a line, however long', () => {
  const out = render({ kind: 'record', record: { name_label: 'web01', other_config: other } }, { format: 'table' }, { isTTY: false, color: false, width: 40 });
  assert.equal(out, `name-label\tweb01\nother-config\t${other}\n`);
});
