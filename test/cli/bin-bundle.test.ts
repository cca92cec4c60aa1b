// bin/xenctl with the bundle (scripts/bundle.mjs): compiled through node:vm with a V8 code cache in the XDG cache
// directory. A copy of bin/ and the bundle in a temp dir (no dist/src beside it) always runs the bundle, whatever
// tsc did since the last `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const bundle = join(root, 'dist', 'bundle', 'cli', 'xenctl.cjs');

interface App {
  readonly bin: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cacheDir: string;
  readonly done: () => void;
}

function app(): App {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-bundle-'));
  const dir = join(home, 'app');
  mkdirSync(join(dir, 'dist', 'bundle', 'cli'), { recursive: true });
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  // The copy has no dist/src: only the bundle can run.
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(bundle, join(dir, 'dist', 'bundle', 'cli', 'xenctl.cjs'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'], HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'), NO_COLOR: '1',
  };
  return { bin: join(dir, 'bin', 'xenctl'), home, env, cacheDir: join(home, 'cache', 'xenctl'), done: () => rmSync(home, { recursive: true, force: true }) };
}

function run(a: App, args: readonly string[], env: NodeJS.ProcessEnv = a.env): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [a.bin, ...args], { env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function caches(a: App): string[] {
  return existsSync(a.cacheDir) ? readdirSync(a.cacheDir).filter((f) => f.startsWith('code-')) : [];
}

const skip = existsSync(bundle) ? false : 'no bundle: run npm run build';

test('the bundle runs vm list on local:; its code cache (0600) grows over the first runs, then is only read', { skip }, () => {
  const a = app();
  try {
    const help = run(a, ['--help']);
    assert.equal(help.code, 0, help.stderr);
    const [first] = caches(a);
    assert.ok(first !== undefined, 'no code cache written');
    assert.match(first, new RegExp(`^code-[0-9a-f]+-${process.version}-${process.arch}\\.1\\.v8$`));
    assert.equal(statSync(join(a.cacheDir, first)).mode & 0o777, 0o600);
    const firstSize = statSync(join(a.cacheDir, first)).size;
    const list = run(a, ['vm', 'list', '-c', 'name-label']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^name-label\n(.*\n)*web01\n/);
    const [second] = caches(a);
    assert.match(second ?? '', /\.2\.v8$/);
    assert.ok(statSync(join(a.cacheDir, second!)).size > firstSize, 'the second round adds what vm list compiled');
    assert.equal(run(a, ['vm', 'list', '-c', 'name-label']).stdout, list.stdout);
    const [third] = caches(a);
    assert.match(third ?? '', /\.3\.v8$/);
    const before = readFileSync(join(a.cacheDir, third!));
    const again = run(a, ['vm', 'list', '-c', 'name-label']);
    assert.equal(again.stdout, list.stdout);
    assert.deepEqual(caches(a), [third]);
    assert.deepEqual(readFileSync(join(a.cacheDir, third!)), before, 'a cache of the last round is not rewritten');
  } finally {
    a.done();
  }
});

test('a corrupt cache is rejected and replaced; caches of other bundles are removed', { skip }, () => {
  const a = app();
  try {
    assert.equal(run(a, ['--help']).code, 0);
    const [file] = caches(a);
    assert.ok(file !== undefined);
    const path = join(a.cacheDir, file);
    writeFileSync(path, Buffer.alloc(4096, 7));
    writeFileSync(join(a.cacheDir, 'code-0123456789abcdef01234567-v20.0.0-x64.3.v8'), 'old');
    const r = run(a, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /USAGE/);
    const [now] = caches(a);
    assert.equal(now, file, 'a rejected cache starts again at round 1');
    assert.notDeepEqual(readFileSync(path), Buffer.alloc(4096, 7), 'the corrupt cache was kept');
    assert.deepEqual(caches(a), [file]);
  } finally {
    a.done();
  }
});

test('an unusable cache directory only costs the cache', { skip }, () => {
  const a = app();
  try {
    writeFileSync(join(a.home, 'cache'), 'a file where the directory should be');
    const r = run(a, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /USAGE/);
    const bare = { ...a.env };
    delete bare['HOME'];
    delete bare['XDG_CACHE_HOME'];
    const noHome = run(a, ['--help'], bare);
    assert.equal(noHome.code, 0, noHome.stderr);
  } finally {
    a.done();
  }
});
