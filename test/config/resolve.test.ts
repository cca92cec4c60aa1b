import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addContext } from '../../src/config/contexts.js';
import { ConfigError } from '../../src/config/errors.js';
import { xenctlPaths } from '../../src/config/paths.js';
import { describeConnection, resolveConnection } from '../../src/config/resolve.js';

type XdgEnv = { readonly HOME: string; readonly XDG_CONFIG_HOME: string; readonly XDG_DATA_HOME: string };

async function withXdg(fn: (env: XdgEnv, configFile: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-resolve-'));
  const env = { HOME: join(dir, 'home'), XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') };
  try {
    await fn(env, xenctlPaths(env).configFile);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('nothing configured: local: in the XDG data directory, user root', () =>
  withXdg(async (env) => {
    const c = await resolveConnection({}, env);
    assert.deepEqual(c.url, { kind: 'local', dir: join(env.XDG_DATA_HOME, 'xenctl', 'local') });
    assert.equal(c.user, 'root');
    assert.equal(c.protocol, 'auto');
    assert.equal(c.insecure, false);
    assert.equal(c.delegated, true);
    assert.equal(c.passwordFile, undefined);
    assert.deepEqual(c.sources, { url: 'default', user: 'default', insecure: 'default', protocol: 'default' });
  }));

test('the current context supplies what flags and environment do not', () =>
  withXdg(async (env, file) => {
    await addContext(file, 'lab', { url: 'https://lab1:8443', user: 'ops', passwordFile: '/etc/pw', ca: '/etc/ca.pem', insecure: true, protocol: 'xmlrpc' }, { use: true });
    const c = await resolveConnection({}, env);
    assert.equal(c.context, 'lab');
    assert.equal(describeConnection(c), 'ops@https://lab1:8443');
    assert.equal(c.passwordFile, '/etc/pw');
    assert.equal(c.ca, '/etc/ca.pem');
    assert.equal(c.insecure, true);
    assert.equal(c.protocol, 'xmlrpc');
    assert.equal(c.delegated, false);
    assert.deepEqual(c.sources, { url: 'context', user: 'context', passwordFile: 'context', ca: 'context', insecure: 'context', protocol: 'context', context: 'current' });
  }));

test('flags beat environment beat a named context', () =>
  withXdg(async (env, file) => {
    await addContext(file, 'lab', { url: 'https://lab1', user: 'ops', passwordFile: '/ctx/pw' });
    await addContext(file, 'other', { url: 'http://other' }, { use: true });
    const withEnv = { ...env, XENCTL_CONTEXT: 'lab', XENCTL_USER: 'envuser', XENCTL_PASSWORD_FILE: '/env/pw' };
    const fromEnv = await resolveConnection({}, withEnv);
    assert.equal(fromEnv.context, 'lab');
    assert.equal(describeConnection(fromEnv), 'envuser@https://lab1');
    assert.equal(fromEnv.passwordFile, '/env/pw');
    assert.deepEqual([fromEnv.sources.url, fromEnv.sources.user, fromEnv.sources.passwordFile, fromEnv.sources.context], ['context', 'env', 'env', 'env']);

    const fromFlags = await resolveConnection({ url: 'http://flaghost:8080', user: 'flaguser', passwordFile: '/flag/pw', protocol: 'jsonrpc' }, { ...withEnv, XENCTL_URL: 'http://envhost' });
    assert.equal(describeConnection(fromFlags), 'flaguser@http://flaghost:8080');
    assert.equal(fromFlags.passwordFile, '/flag/pw');
    assert.equal(fromFlags.protocol, 'jsonrpc');
    assert.deepEqual([fromFlags.sources.url, fromFlags.sources.user, fromFlags.sources.protocol], ['flag', 'flag', 'flag']);

    const envUrl = await resolveConnection({ context: 'other' }, { ...withEnv, XENCTL_URL: 'http://envhost' });
    assert.equal(envUrl.context, 'other');
    assert.equal(describeConnection(envUrl), 'envuser@http://envhost');
    assert.equal(envUrl.sources.url, 'env');
  }));

test('a URL from a flag or the environment ignores the current context (its password stays with its server)', () =>
  withXdg(async (env, file) => {
    await addContext(file, 'lab', { url: 'https://lab1', user: 'ops', passwordFile: '/ctx/pw' }, { use: true });
    const c = await resolveConnection({}, { ...env, XENCTL_URL: 'http://elsewhere' });
    assert.equal(c.context, undefined);
    assert.equal(c.passwordFile, undefined);
    assert.equal(c.user, 'root');
  }));

test('unknown contexts, bad URLs and bad protocols are ConfigErrors naming their source', () =>
  withXdg(async (env, file) => {
    await assert.rejects(resolveConnection({ context: 'ghost' }, env), (e: unknown) => e instanceof ConfigError && /--context names "ghost"/.test(e.message));
    await assert.rejects(resolveConnection({}, { ...env, XENCTL_CONTEXT: 'ghost' }), /XENCTL_CONTEXT names "ghost"/);
    await assert.rejects(resolveConnection({}, { ...env, XENCTL_URL: 'htp://x' }), /XENCTL_URL: invalid URL/);
    await assert.rejects(resolveConnection({ url: 'nope' }, env), /--url: invalid URL/);
    await assert.rejects(resolveConnection({ protocol: 'soap' }, env), /--protocol must be one of auto, jsonrpc, xmlrpc/);
    await addContext(file, 'x', { url: 'local:/srv/state' }, { use: true });
    const c = await resolveConnection({}, env);
    assert.deepEqual(c.url, { kind: 'local', dir: '/srv/state' });
    // Paths that did not go through a shell get ~ expanded.
    const t = await resolveConnection({ url: 'unix:~/xapi.sock' }, { ...env, XENCTL_PASSWORD_FILE: '~/pw' });
    assert.deepEqual(t.url, { kind: 'unix', path: join(env.HOME, 'xapi.sock') });
    assert.equal(t.passwordFile, join(env.HOME, 'pw'));
  }));

test('a URL from a flag or the environment ignores XENCTL_CONTEXT too: its password file stays with its server', () =>
  withXdg(async (env, file) => {
    await addContext(file, 'prod', { url: 'https://prod1', user: 'ops', passwordFile: '/ctx/prod-pw', ca: '/ctx/ca.pem', insecure: true });
    for (const [flags, extra] of [[{ url: 'http://elsewhere:8080' }, {}], [{}, { XENCTL_URL: 'http://elsewhere:8080' }]] as const) {
      const c = await resolveConnection(flags, { ...env, ...extra, XENCTL_CONTEXT: 'prod' });
      assert.equal(describeConnection(c), 'root@http://elsewhere:8080');
      assert.equal(c.passwordFile, undefined, 'the context password is not sent to another server');
      assert.equal(c.ca, undefined);
      assert.equal(c.insecure, false);
      assert.equal(c.context, undefined);
    }
    const own = await resolveConnection({}, { ...env, XENCTL_CONTEXT: 'prod' });
    assert.equal(own.passwordFile, '/ctx/prod-pw', 'without a URL the context applies');
    const named = await resolveConnection({ context: 'prod', url: 'https://prod2' }, env);
    assert.equal(named.passwordFile, '/ctx/prod-pw', '--context on the command line still applies setting by setting');
  }));
