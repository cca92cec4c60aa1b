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

test('the bundle runs vm list on local: and leaves a code cache (0600) that the next run uses as it is', { skip }, () => {
  const a = app();
  try {
    const first = run(a, ['vm', 'list', '-c', 'name-label']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^name-label\n(.*\n)*web01\n/);
    const [file] = caches(a);
    assert.ok(file !== undefined, 'no code cache written');
    assert.match(file, new RegExp(`^code-[0-9a-f]+-${process.version}-${process.arch}\\.v8$`));
    const path = join(a.cacheDir, file);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const before = readFileSync(path);
    const second = run(a, ['vm', 'list', '-c', 'name-label']);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(readFileSync(path), before, 'an accepted cache is not rewritten');
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
    writeFileSync(join(a.cacheDir, 'code-0123456789abcdef01234567-v20.0.0-x64.v8'), 'old');
    const r = run(a, ['--help']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /USAGE/);
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
