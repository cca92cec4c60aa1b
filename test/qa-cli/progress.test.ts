// The progress bar of an async call on a terminal's stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressLine } from '../../src/cli/progress.js';
import type { CliIO } from '../../src/cli/io.js';

function fakeIo(columns: number): { io: CliIO; out: () => string } {
  let text = '';
  const io: CliIO = {
    stdout: { write: () => true },
    stderr: { write: (c: string) => ((text += c), true) },
    stdin: (async function* () {})(),
    isTTY: { stdin: true, stdout: true, stderr: true },
    columns,
    cwd: '/',
    pid: 1,
  };
  return { io, out: () => text };
}

test('a bar after the percentage, redrawn in place and erased at the end', () => {
  const { io, out } = fakeIo(100);
  const p = progressLine({ io }, 'VM.copy');
  p.update(0.5);
  assert.equal(out(), `\r\u001b[KVM.copy 50% [${'#'.repeat(12)}${'-'.repeat(12)}]`);
  p.update(1);
  p.done();
  assert.ok(out().endsWith(`VM.copy 100% [${'#'.repeat(24)}]\r\u001b[K`));
});

test('a narrow terminal gets the percentage alone', () => {
  const { io, out } = fakeIo(20);
  progressLine({ io }, 'VM.copy').update(0.25);
  assert.equal(out(), '\r\u001b[KVM.copy 25%');
});
