import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel, XenApiError, type XenStruct } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import { redirectTo } from '../../src/client/open.js';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { httpTransport } from '../../src/transport/http.js';
import { localTransport } from '../../src/transport/local.js';
import { PASSWORD, startXapi, type RunningXapi } from './real-server.js';

async function withXapi(fn: (s: RunningXapi) => Promise<void>, opts: Parameters<typeof startXapi>[0] = {}): Promise<void> {
  const s = await startXapi(opts);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

/** What VM.create needs besides defaults (xapi requires these enums; the rest default). */
function vmRecord(name: string): XenStruct {
  return { name_label: name, actions_after_shutdown: 'destroy', actions_after_reboot: 'restart', actions_after_crash: 'restart' };
}

function httpClient(s: RunningXapi, extra: Partial<ConstructorParameters<typeof XenClient>[0]> = {}): XenClient {
  return new XenClient({ transport: httpTransport('http', '127.0.0.1', s.port), model: getModel(), password: async () => PASSWORD, ...extra });
}

test('login with a password over HTTP, JSON-RPC found by probing, results typed by the model', () =>
  withXapi(async (s) => {
    const c = httpClient(s);
    try {
      const session = await c.login();
      assert.match(session, /^OpaqueRef:/);
      assert.equal(c.protocol, 'jsonrpc');
      const vm = await c.call('VM.create', [{ ...vmRecord('web01'), memory_static_max: 2147483648n }]);
      assert.equal(typeof vm, 'string');
      const rec = (await c.call('VM.get_record', [vm as string])) as XenStruct;
      assert.equal(rec['name_label'], 'web01');
      assert.equal(rec['memory_static_max'], 2147483648n);
      assert.equal(rec['power_state'], 'Halted');
      assert.ok(rec['last_booted_record'] !== undefined);
      const all = (await c.call('VM.get_all_records', [])) as XenStruct;
      assert.deepEqual(Object.keys(all), [vm]);
      assert.ok((await c.probeMethods()).has('VM.get_all_records'));
      assert.deepEqual([...new Set(s.paths)], ['/jsonrpc']);
    } finally {
      await c.close();
    }
  }));

test('a server without /jsonrpc is spoken to in XML-RPC; --protocol xmlrpc never probes', () =>
  withXapi(async (s) => {
    const probing = httpClient(s);
    await probing.login();
    assert.equal(probing.protocol, 'xmlrpc');
    assert.deepEqual(await probing.call('VM.get_all', []), []);
    await probing.close();
    assert.deepEqual(s.paths, ['/jsonrpc', '/', '/', '/']);
    s.paths.length = 0;
    const fixed = httpClient(s, { protocol: 'xmlrpc' });
    assert.deepEqual(await fixed.call('VM.get_all', []), []);
    await fixed.close();
    assert.ok(s.paths.every((p) => p === '/'));
  }, { noJson: true }));

test('a wrong password is SESSION_AUTHENTICATION_FAILED; errors carry code and params', () =>
  withXapi(async (s) => {
    const c = httpClient(s, { password: async () => 'wrong' });
    await assert.rejects(c.login(), (e: unknown) => e instanceof XenApiError && e.code === 'SESSION_AUTHENTICATION_FAILED' && e.params[0] === 'root');
    const ok = httpClient(s);
    await assert.rejects(ok.call('VM.get_record', ['OpaqueRef:nope']), (e: unknown) => e instanceof XenApiError && e.code === 'HANDLE_INVALID' && e.params[1] === 'OpaqueRef:nope');
    await ok.close();
    await c.close();
  }));

test('SESSION_INVALID: the client logs in again once and retries, without asking for the password again', () =>
  withXapi(async (s) => {
    let asked = 0;
    const c = httpClient(s, { password: async () => { asked += 1; return PASSWORD; } });
    try {
      const first = await c.login();
      // Someone else ends our session on the server.
      const env = await s.xapi.handleCall('session.logout', [first], { kind: 'http' });
      assert.equal(env.ok, true);
      assert.deepEqual(await c.call('VM.get_all', []), []);
      assert.notEqual(c.session, first);
      assert.equal(asked, 2); // the supplier is called per login; the CLI's supplier remembers the answer
    } finally {
      await c.close();
    }
  }));

test('HOST_IS_SLAVE: the client follows to the master (same scheme and port, that host) and logs in there', async (t) => {
  const master = await startXapi({ host: '127.0.0.1' });
  let supporter: RunningXapi;
  try {
    supporter = await startXapi({ host: '127.0.0.2', port: master.port, supporterOf: '127.0.0.1' });
  } catch {
    await master.close();
    t.skip('cannot listen on 127.0.0.2 here');
    return;
  }
  const url = parseUrl(supporter.url);
  const notes: string[] = [];
  const c = new XenClient({
    transport: httpTransport('http', '127.0.0.2', supporter.port),
    model: getModel(),
    password: async () => PASSWORD,
    redirect: redirectTo(url, {})!,
    debug: (text) => notes.push(text),
  });
  try {
    const vm = await c.call('VM.create', [vmRecord('on-master')]);
    assert.ok(master.xapi.context.store.has('VM', vm as string));
    assert.ok(notes.some((n) => n.includes('HOST_IS_SLAVE: following to the master at 127.0.0.1')));
    await c.close();
    // A supporter naming its own address (same port kept): a loop, said at once.
    const loop = await startXapi({ host: '127.0.0.1', supporterOf: '127.0.0.1' });
    const l = new XenClient({ transport: httpTransport('http', '127.0.0.1', loop.port), model: getModel(), password: async () => PASSWORD, redirect: redirectTo(parseUrl(loop.url), {})! });
    await assert.rejects(l.login(), (e: unknown) => e instanceof TransportError && e.code === 'REDIRECT_LOOP' && /loop/.test(e.message));
    await l.close();
    await loop.close();
  } finally {
    await supporter.close();
    await master.close();
  }
});

test('--debug shows the traffic with the password and the session masked', () =>
  withXapi(async (s) => {
    const lines: string[] = [];
    const c = httpClient(s, { debug: (text) => lines.push(text) });
    await c.call('VM.get_all', []);
    await c.call('session.change_password', [PASSWORD, 'n3w-s3cret']);
    const session = c.session!;
    await c.close();
    const all = lines.join('\n');
    assert.match(all, /session\.change_password/);
    assert.ok(!all.includes('n3w-s3cret'), 'new password leaked');
    assert.match(all, /session\.login_with_password/);
    assert.match(all, /\*\*\*\*\*\*\*\*/);
    assert.ok(!all.includes(PASSWORD), 'password leaked');
    assert.ok(!all.includes(session.slice('OpaqueRef:'.length)), 'session leaked');
  }));

test('async calls against the reference server return the typed result and map task errors', () =>
  withXapi(async (s) => {
    const notes: string[] = [];
    const c = httpClient(s, { pollIntervalMs: 5, debug: (text) => notes.push(text) });
    try {
      const progress: number[] = [];
      const vm = await c.callAsync('VM.create', [vmRecord('async')], { onProgress: (p) => progress.push(p) });
      assert.ok(s.xapi.context.store.has('VM', vm as string));
      assert.equal(progress.at(-1), 1);
      assert.ok(notes.some((n) => /^--> http:\/\/127.0.0.1:[0-9]+ jsonrpc event.from/.test(n)), 'waited with event.from');
      assert.ok(!notes.some((n) => n.includes('polling')), 'no fallback to polling');
      await assert.rejects(c.callAsync('VM.destroy', ['OpaqueRef:missing']), (e: unknown) => e instanceof XenApiError && e.code === 'HANDLE_INVALID');
    } finally {
      await c.close();
    }
  }));

test('in-process (local:) the client logs in by delegation without asking for a password', () =>
  withXapi(async (s) => {
    let asked = 0;
    const c = new XenClient({ transport: localTransport(s.xapi), model: getModel(), password: async () => { asked += 1; return 'x'; } });
    assert.equal(c.protocol, 'jsonrpc');
    assert.match(await c.login(), /^OpaqueRef:/);
    assert.deepEqual(await c.call('VM.get_all', []), []);
    assert.equal(asked, 0);
    await c.close();
  }));

test('a dead server is a TransportError, not a hang', async () => {
  const s = await startXapi();
  const port = s.port;
  await s.close();
  const c = new XenClient({ transport: httpTransport('http', '127.0.0.1', port), model: getModel() });
  await assert.rejects(c.login(), (e: unknown) => e instanceof TransportError && e.code === 'ECONNREFUSED');
  await c.close();
});

test('parallel calls share one login, and one re-login after SESSION_INVALID', () =>
  withXapi(async (s) => {
    const lines: string[] = [];
    const c = httpClient(s, { debug: (text) => lines.push(text) });
    const logins = (): number => lines.filter((l) => l.startsWith('-->') && l.includes('session.login_with_password')).length;
    try {
      await Promise.all([1, 2, 3, 4, 5].map(() => c.call('VM.get_all', [])));
      assert.equal(logins(), 1);
      const first = c.session!;
      assert.equal((await s.xapi.handleCall('session.logout', [first], { kind: 'http' })).ok, true);
      await Promise.all([1, 2, 3, 4].map(() => c.call('VM.get_all', [])));
      assert.equal(logins(), 2);
      assert.notEqual(c.session, first);
    } finally {
      await c.close();
    }
  }));
