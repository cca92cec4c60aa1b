import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanise, valueText } from '../../src/render/text.js';
import { fitWidths } from '../../src/render/table.js';

test('humanise: binary sizes, Mbit/s, ms', () => {
  assert.equal(humanise(2147483648n, 'bytes'), '2 GiB');
  assert.equal(humanise(1536n, 'bytes'), '1.5 KiB');
  assert.equal(humanise(512n, 'bytes'), '512 B');
  assert.equal(humanise(10000n, 'mbit'), '10 Gbit/s');
  assert.equal(humanise(100n, 'mbit'), '100 Mbit/s');
  assert.equal(humanise(5n, 'ms'), '5 ms');
  assert.equal(humanise('n/a', 'bytes'), 'n/a');
});

test('valueText: sets, maps, dates, booleans', () => {
  assert.equal(valueText(['a', 'b']), 'a; b');
  assert.equal(valueText({ k: 'v', k2: 'w' }), 'k: v; k2: w');
  assert.equal(valueText(new Date(Date.UTC(2025, 2, 19, 4, 16, 24))), '2025-03-19T04:16:24Z');
  assert.equal(valueText(true), 'true');
  assert.equal(valueText(undefined), '');
});

test('fitWidths cuts the widest columns to a common cap, narrow ones keep their width', () => {
  assert.deepEqual(fitWidths([10, 10], 80), [10, 10]);
  const w = fitWidths([100, 10], 40);
  assert.equal(w.reduce((a, b) => a + b, 0) + 2, 40);
  assert.equal(w[1], 10);
});

test('fitWidths shares the width out: no column is cut below what a fair cap allows', () => {
  const w = fitWidths([10, 36, 200, 6], 80);
  assert.equal(w.reduce((a, b) => a + b, 0) + 6, 80);
  assert.equal(w[0], 10);
  assert.equal(w[3], 6);
  assert.ok((w[1] ?? 0) >= 20, `uuid column cut to ${w[1]}`);
});

test('displayWidth counts wide characters as two cells', async () => {
  const { displayWidth } = await import('../../src/render/table.js');
  assert.equal(displayWidth('web01'), 5);
  assert.equal(displayWidth('日本'), 4);
});

test('a TTY table of 10,000 rows stays aligned', async () => {
  const { render } = await import('../../src/render/index.js');
  const rows = Array.from({ length: 10000 }, (_, i) => ({ name_label: `vm${i}`, power_state: 'Halted' }));
  const lines = render({ kind: 'rows', rows }, { format: 'table' }, { isTTY: true, color: false, width: 80 }).trimEnd().split('\n');
  assert.equal(lines.length, 10001);
  assert.equal(lines[10000], 'vm9999      Halted');
});
