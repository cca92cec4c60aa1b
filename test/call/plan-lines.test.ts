// The text plan of --dry-run is one `Class.message arg...` line a call: an argument holding a newline or another
// control character (ESC) is quoted as the shell's $'...' string instead of breaking the line or the terminal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCalls } from '../../src/cli/dry-run.js';

test('dry-run text plan: a newline, a tab, ESC, a quote and a backslash stay on the call\'s one line', async () => {
  const text = await formatCalls(
    [
      { method: 'VM.set_name_description', args: ['OpaqueRef:a', "line1\nline2\tx\u001b[31m'q'\\"], sessionless: false },
      { method: 'VM.set_name_label', args: ['OpaqueRef:a', 'plain words'], sessionless: false },
    ],
    'table',
  );
  assert.equal(text, "VM.set_name_description OpaqueRef:a $'line1\\nline2\\tx\\x1b[31m\\'q\\'\\\\'\nVM.set_name_label OpaqueRef:a 'plain words'\n");
  assert.equal(text.split('\n').length, 3);
});
