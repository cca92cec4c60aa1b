import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { addContext, listContexts, readConfig, removeContext, showContext, useContext } from '../../src/config/contexts.js';
import { ConfigError } from '../../src/config/errors.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-ctx-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('add, use, list, show and remove on a real config.yaml', () =>
  withDir(async (dir) => {
    const file = join(dir, 'xenctl', 'config.yaml');
    assert.deepEqual(await listContexts(file), []);
    const added = await addContext(file, 'lab', { url: 'https://lab1', user: 'admin', passwordFile: 'pw', insecure: true, protocol: 'xmlrpc' }, { cwd: '/home/u' });
    assert.equal(added.current, false);
    assert.equal(added.context.passwordFile, '/home/u/pw');
    await addContext(file, 'home', { url: 'unix:/var/lib/xcp/xapi' }, { use: true });

    const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(doc['current-context'], 'home');
    assert.deepEqual((doc['contexts'] as Record<string, unknown>)['lab'], {
      url: 'https://lab1', user: 'admin', 'password-file': '/home/u/pw', insecure: true, protocol: 'xmlrpc',
    });
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    assert.deepEqual((await listContexts(file)).map((e) => [e.name, e.current]), [['home', true], ['lab', false]]);
    assert.equal((await showContext(file)).name, 'home');
    assert.equal((await showContext(file, 'lab')).context.url, 'https://lab1');

    await useContext(file, 'lab');
    assert.equal((await readConfig(file)).currentContext, 'lab');
    await removeContext(file, 'lab');
    const after = await readConfig(file);
    assert.equal(after.currentContext, undefined);
    assert.deepEqual([...after.contexts.keys()], ['home']);
    await assert.rejects(showContext(file), /no current context/);
    // Only config.yaml is left behind: the atomic writes cleaned up their temporary files.
    assert.deepEqual(await readdir(join(dir, 'xenctl')), ['config.yaml']);
  }));

test('refusals: duplicates, unknown names, bad URLs, bad names, relative paths', () =>
  withDir(async (dir) => {
    const file = join(dir, 'config.yaml');
    await addContext(file, 'a', { url: 'http://h' });
    await assert.rejects(addContext(file, 'a', { url: 'http://h2' }), /already exists/);
    assert.equal((await addContext(file, 'a', { url: 'http://h2' }, { replace: true })).context.url, 'http://h2');
    await assert.rejects(useContext(file, 'nope'), (e: unknown) => e instanceof ConfigError && /no context named "nope".*known: a/.test(e.message));
    await assert.rejects(removeContext(file, 'nope'), ConfigError);
    await assert.rejects(addContext(file, 'b', { url: 'http:/x' }), ConfigError);
    await assert.rejects(addContext(file, 'bad name', { url: 'http://h' }), /not a valid context name/);
    await assert.rejects(addContext(file, 'c', { url: 'https://h', ca: 'ca.pem' }), /must be an absolute path/);
  }));

test('a secret written into the file by hand is refused, other keys are kept on rewrite', () =>
  withDir(async (dir) => {
    const file = join(dir, 'config.yaml');
    await writeFile(file, 'editor: vim\ncontexts:\n  x:\n    url: http://h\n    password: hunter2\n');
    await assert.rejects(readConfig(file), /secrets are not kept/);
    await writeFile(file, 'editor: vim\ncontexts:\n  x:\n    url: http://h\n');
    await useContext(file, 'x');
    const doc = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    assert.equal(doc['editor'], 'vim');
    await writeFile(file, 'contexts: [1, 2]\n');
    await assert.rejects(readConfig(file), /mapping of names/);
    await writeFile(file, 'contexts: {x: {url: http://h}\n');
    await assert.rejects(readConfig(file), /not valid YAML/);
  }));
