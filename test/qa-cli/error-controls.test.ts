// An error line on stderr never carries raw control characters: a selector typed (or a parameter a server sent
// back) holding ESC or BEL cannot recolour or retitle the operator's terminal. -o json escapes them as JSON does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFailure } from '../../src/cli/errors.js';
import { runCli, startCliServer } from '../helpers/cli.js';

test('formatFailure: ESC, BEL and DEL in a message or a parameter are shown as \\xNN, on one line', () => {
  const line = formatFailure({ exit: 1, code: 'HANDLE_INVALID', params: ['VM', 'OpaqueRef:\u001b]0;owned\u0007'], message: 'bad \u001b[31mred\u007f\nnext' }, false);
  assert.equal(line, 'xenctl: bad \\x1b[31mred\\x7f next [HANDLE_INVALID VM OpaqueRef:\\x1b]0;owned\\x07]\n');
  assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  const json = formatFailure({ exit: 1, code: 'X', params: ['\u001b'], message: 'm' }, true);
  assert.deepEqual(JSON.parse(json), { error: { code: 'X', params: ['\u001b'], message: 'm' } });
});

test('vm get with an escape sequence in the selector: the NOT_FOUND line shows it escaped', async () => {
  const server = startCliServer();
  const r = await runCli(['vm', 'get', 'zz\u001b[31mX'], { server });
  assert.equal(r.code, 1, r.stderr);
  assert.ok(r.stderr.includes("no vm matches 'zz\\x1b[31mX'"), r.stderr);
  assert.doesNotMatch(r.stderr, /\u001b/);
});
