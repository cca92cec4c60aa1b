// File modes of the generated TLS pair hold even under umask 000.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireProgram } from '../helpers/system.js';
import { loadTlsMaterial } from '../../src/server/tls.js';

test('tls: a generated key is 0600, its certificate 0644 and their directory 0700, under umask 000', { skip: requireProgram('openssl', 'openssl') }, async () => {
  const state = mkdtempSync(join(tmpdir(), 'xenctl-tls-modes-'));
  const old = process.umask(0);
  try {
    const m = await loadTlsMaterial(state, undefined, undefined);
    assert.ok(m.fingerprint256.includes(':'));
    const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
    assert.equal(mode(join(state, 'tls')), '700');
    assert.equal(mode(join(state, 'tls', 'key.pem')), '600');
    assert.equal(mode(join(state, 'tls', 'cert.pem')), '644', 'not writable by anyone but the owner');
  } finally {
    process.umask(old);
    rmSync(state, { recursive: true, force: true });
  }
});
