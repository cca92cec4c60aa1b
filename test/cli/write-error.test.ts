// Output that cannot be written (a full disk) is an error with its reason and a non-zero exit, not a clean exit
// over a truncated file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BIN, homeWithXenctl } from '../helpers/bin.js';

test('vm list into /dev/full exits 1 naming ENOSPC', { skip: existsSync('/dev/full') ? false : 'no /dev/full here' }, (t) => {
  const { home, env } = homeWithXenctl('xenctl-full-');
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [BIN, '-q', 'vm', 'list', '-o', 'json'], { env, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^xenctl: cannot write the output: ENOSPC/m);
  } finally {
    closeSync(full);
  }
});
