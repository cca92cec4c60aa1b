// bin/xenctl hands the bundle its own file URL (import.meta.url) built by hand: a path with characters a URL
// escapes must still lead the bundle to package.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();

test('the bundle finds package.json from a directory whose name has spaces, #, ?, % and non-ASCII letters', (t) => {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-url-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const dir = join(home, 'a b#c?d%25e é');
  mkdirSync(join(dir, 'dist', 'bundle', 'cli'), { recursive: true });
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'dist', 'bundle', 'cli', 'xenctl.cjs'), join(dir, 'dist', 'bundle', 'cli', 'xenctl.cjs'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  // Not `--version` alone: bin/xenctl answers that itself without the bundle.
  const r = spawnSync(process.execPath, [join(dir, 'bin', 'xenctl'), '-q', '--version'], {
    env: { PATH: process.env['PATH'], HOME: home, XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1' }, encoding: 'utf8',
  });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, `xenctl ${version}\n`);
  assert.equal(r.status, 0);
});
