// The real bin/xenctl (the esbuild bundle when it is built) reads and writes config.yaml: the lazily imported
// CommonJS yaml package must work under both Node's loader and the bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = join(process.cwd(), 'bin', 'xenctl');

test('bin/xenctl context add then list round-trips config.yaml', () => {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-yaml-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
    delete env['XENCTL_URL'];
    const add = spawnSync(process.execPath, [bin, 'context', 'add', 'lab', '--url', 'http://127.0.0.1:9', '--use'], { env, encoding: 'utf8' });
    assert.equal(add.status, 0, add.stderr);
    assert.match(readFileSync(join(home, 'config', 'xenctl', 'config.yaml'), 'utf8'), /lab/);
    const list = spawnSync(process.execPath, [bin, 'context', 'list', '-o', 'json'], { env, encoding: 'utf8' });
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /"lab"/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
