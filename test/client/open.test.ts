import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { modelMethod, openClient } from '../../src/client/open.js';
import { ConfigError } from '../../src/config/errors.js';
import { resolveConnection } from '../../src/config/resolve.js';
import { TransportError } from '../../src/transport/errors.js';
import { PASSWORD, startXapi } from './real-server.js';

async function withEnv(fn: (env: Record<string, string | undefined>, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-open-'));
  try {
    await fn({ HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') }, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('openClient: http with a password file from the environment', () =>
  withEnv(async (env, dir) => {
    const s = await startXapi();
    try {
      const pw = join(dir, 'pw');
      await writeFile(pw, `${PASSWORD}\n`);
      await chmod(pw, 0o600);
      const conn = await resolveConnection({ url: s.url }, { ...env, XENCTL_PASSWORD_FILE: pw });
      const c = await openClient(conn, { model: getModel(), isTTY: false });
      assert.deepEqual(await c.call('VM.get_all', []), []);
      await c.close();

      await chmod(pw, 0o644);
      const loose = await openClient(conn, { model: getModel(), isTTY: true, prompter: { password: async () => 'never asked' } });
      await assert.rejects(loose.login(), (e: unknown) => e instanceof ConfigError && /readable by group or others/.test(e.message));
      await loose.close();
    } finally {
      await s.close();
    }
  }));

test('openClient: no password file and no TTY is an auth ConfigError; a TTY prompts once', () =>
  withEnv(async (env) => {
    const s = await startXapi();
    try {
      const conn = await resolveConnection({ url: s.url }, env);
      const piped = await openClient(conn, { model: getModel(), isTTY: false });
      await assert.rejects(piped.login(), (e: unknown) => e instanceof ConfigError && e.kind === 'auth');
      await piped.close();
      const prompts: string[] = [];
      const tty = await openClient(conn, { model: getModel(), isTTY: true, prompter: { password: async (m) => { prompts.push(m); return PASSWORD; } } });
      await tty.login();
      await tty.login();
      assert.deepEqual(prompts, [`Password for root@${s.url}:`]);
      await tty.close();
    } finally {
      await s.close();
    }
    // The same with the server gone: "cannot connect" is the better explanation than "no password".
    const gone = await openClient(await resolveConnection({ url: s.url }, env), { model: getModel(), isTTY: false });
    await assert.rejects(gone.login(), (e: unknown) => e instanceof TransportError && e.code === 'ECONNREFUSED');
    await gone.close();
  }));

test('openClient: the local: default starts the embedded server on the XDG state directory, no password', () =>
  withEnv(async (env) => {
    const s = await startXapi();
    const dirs: string[] = [];
    try {
      const conn = await resolveConnection({}, env);
      const c = await openClient(conn, {
        model: getModel(),
        isTTY: true,
        prompter: { password: async () => assert.fail('no prompt on local:') },
        openLocal: async (dir) => {
          dirs.push(dir);
          return { handler: s.xapi };
        },
      });
      assert.equal(c.transport.kind, 'local');
      assert.deepEqual(await c.call('VM.get_all', []), []);
      assert.deepEqual(dirs, [join(env['XDG_DATA_HOME'] ?? '', 'xenctl', 'local')]);
      await c.close();
    } finally {
      await s.close();
    }
  }));

test('modelMethod: the embedded server\'s methods are the model\'s (extensions only with them), without a call', () => {
  const withExt = modelMethod(getModel());
  const plain = modelMethod(getModel({ extensions: false }));
  assert.equal(withExt('host.qualify'), true);
  assert.equal(plain('host.qualify'), false);
  assert.equal(withExt('VM.start'), true);
  assert.equal(plain('VM.start'), true);
  assert.equal(withExt('VM.no_such_message'), false);
  assert.equal(withExt('no_such_class.get_all'), false);
  assert.equal(withExt('system.listMethods'), false);
});
