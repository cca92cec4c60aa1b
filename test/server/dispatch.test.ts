import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinHandlers } from '../../src/server/handlers/index.js';
import { zeroValue } from '../../src/model/values.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import type { ObjectStore } from '../../src/server/store/types.js';
import { createXapi } from '../../src/server/xapi.js';
import type { Channel, Handler } from '../../src/server/context.js';
import { seedFixture, startTestServer, valueOf, structOf } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

describe('dispatch errors, as xapi answers them', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  test('unknown method: MESSAGE_METHOD_UNKNOWN [name]', async () => {
    assert.deepEqual(await s.call('VM.frobnicate', s.session, s.fixture.web), { ok: false, error: ['MESSAGE_METHOD_UNKNOWN', 'VM.frobnicate'] });
    assert.deepEqual(await s.call('nosuch.thing'), { ok: false, error: ['MESSAGE_METHOD_UNKNOWN', 'nosuch.thing'] });
    // with a session, xapi first checks it (the call could be an extension)
    assert.deepEqual(await s.call('VM.frobnicate', 'OpaqueRef:stale'), { ok: false, error: ['SESSION_INVALID', 'OpaqueRef:stale'] });
  });

  test('argument count: counts exclude the session', async () => {
    assert.deepEqual(await s.call('VM.get_name_label', s.session),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.get_name_label', '1', '0'] });
    assert.deepEqual(await s.call('VM.set_name_label', s.session, s.fixture.web, 'a', 'b'),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.set_name_label', '2', '3'] });
    // `expected` counts only the parameters without a default (xapi's gen_server): version and originator have one.
    assert.deepEqual(await s.call('session.login_with_password', 'root'),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'session.login_with_password', '2', '1'] });
    assert.deepEqual(await s.call('VM.snapshot', s.session, s.fixture.web),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.snapshot', '2', '1'] });
    // the method as called, less an Async. prefix
    assert.deepEqual(await s.call('VM_get_name_label', s.session),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM_get_name_label', '1', '0'] });
    assert.deepEqual(await s.call('Async.VM.snapshot', s.session),
      { ok: false, error: ['MESSAGE_PARAMETER_COUNT_MISMATCH', 'VM.snapshot', '2', '0'] });
  });

  test('defaulted trailing parameters may be left out, and extra ones are ignored', async () => {
    // login_with_password: version and originator have defaults.
    assert.equal((await s.call('session.login_with_password', 'root', 'test-password')).ok, true);
    assert.equal((await s.call('session.login_with_password', 'root', 'test-password', '1.1', 'x', 'extra')).ok, true);
  });

  test('the Class_msg spelling works for synchronous calls', async () => {
    assert.deepEqual(await s.call('VM_get_name_label', s.session, s.fixture.web), { ok: true, value: 'web01' });
    assert.deepEqual(await s.call('VM_metrics_get_all', s.session), { ok: true, value: [] });
  });

  test('a bad session: SESSION_INVALID [ref], checked after the argument count', async () => {
    assert.deepEqual(await s.call('VM.get_name_label', 'OpaqueRef:nope', s.fixture.web), { ok: false, error: ['SESSION_INVALID', 'OpaqueRef:nope'] });
    assert.deepEqual(await s.call('VM.get_name_label', '', s.fixture.web), { ok: false, error: ['SESSION_INVALID', ''] });
    assert.equal((await s.call('VM.get_name_label', 'OpaqueRef:nope')).ok === false, true);
    const mismatch = await s.call('VM.get_name_label', 'OpaqueRef:nope');
    assert.equal(!mismatch.ok && mismatch.error[0], 'MESSAGE_PARAMETER_COUNT_MISMATCH');
  });

  test('an unknown object: HANDLE_INVALID [class, ref]', async () => {
    assert.deepEqual(await s.call('VM.get_record', s.session, 'OpaqueRef:bogus'), { ok: false, error: ['HANDLE_INVALID', 'VM', 'OpaqueRef:bogus'] });
    assert.deepEqual(await s.call('network.get_name_label', s.session, s.fixture.web), { ok: false, error: ['HANDLE_INVALID', 'network', s.fixture.web] });
  });

  test('argument types: FIELD_TYPE_ERROR, and INVALID_VALUE for a bad enum', async () => {
    const bad = await s.call('VM.set_memory_static_max', s.session, s.fixture.web, 'lots');
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error[0], 'FIELD_TYPE_ERROR');
    const e = await s.call('VM.set_actions_after_crash', s.session, s.fixture.web, 'explode');
    assert.equal(!e.ok && e.error[0], 'INVALID_VALUE');
    assert.equal(!e.ok && e.error[2], 'explode');
    // ints arrive as strings of digits from XML-RPC clients and are typed (db01 is Halted, so the sim allows it)
    valueOf(await s.call('VM.set_name_label', s.session, s.fixture.template, 'Debian 12'));
    valueOf(await s.call('VM.set_VCPUs_at_startup', s.session, s.fixture.db, '1'));
    assert.equal(valueOf(await s.call('VM.get_VCPUs_at_startup', s.session, s.fixture.db)), 1n);
  });

  test('a custom message without a handler: NOT_IMPLEMENTED [function]', async () => {
    // Handlers arrive issue by issue: pick any custom message that has none yet.
    const handled = builtinHandlers(s.model);
    const msg = [...s.model.classes.values()].flatMap((c) => c.messages)
      .find((m) => m.implicit === undefined && !m.sessionless && m.lifecycle !== 'removed' && !handled.has(`${m.cls}.${m.name}`));
    assert.ok(msg !== undefined);
    const args = msg.params.map((p) => zeroValue(p.type, s.model.enums));
    const name = `${msg.cls}.${msg.name}`;
    assert.deepEqual(await s.call(name, s.session, ...args), { ok: false, error: ['NOT_IMPLEMENTED', name] });
  });

  test('system.listMethods lists the synchronous wire names; system.isAlive echoes', async () => {
    const names = valueOf(await s.call('system.listMethods'));
    assert.ok(Array.isArray(names));
    assert.ok(names.includes('VM.get_record'));
    assert.ok(names.includes('session.login_with_password'));
    assert.ok(!names.some((n) => typeof n === 'string' && n.startsWith('Async.')));
    assert.deepEqual(await s.call('system.isAlive', 'ping'), { ok: true, value: 'ping' });
  });

  test('Async calls return a task that records the outcome as xapi does', async () => {
    const task = valueOf(await s.call('Async.VM.destroy', s.session, s.fixture.template));
    assert.equal(typeof task, 'string');
    await s.xapi.drain();
    const rec = structOf(valueOf(await s.call('task.get_record', s.session, task)));
    assert.equal(rec['status'], 'success');
    assert.equal(rec['result'], '<value></value>');
    assert.equal(rec['name_label'], 'Async.VM.destroy');
    const failed = valueOf(await s.call('Async.VM.destroy', s.session, 'OpaqueRef:gone'));
    await s.xapi.drain();
    const frec = structOf(valueOf(await s.call('task.get_record', s.session, failed)));
    assert.equal(frec['status'], 'failure');
    assert.deepEqual(frec['error_info'], ['HANDLE_INVALID', 'VM', 'OpaqueRef:gone']);
    // an error before the task exists is answered at once
    assert.deepEqual(await s.call('Async.VM.destroy', 'OpaqueRef:nope', s.fixture.db), { ok: false, error: ['SESSION_INVALID', 'OpaqueRef:nope'] });
    // getters have no async form
    const noAsync = await s.call('Async.VM.get_name_label', s.session, s.fixture.db);
    assert.deepEqual(noAsync, { ok: false, error: ['MESSAGE_METHOD_UNKNOWN', 'Async.VM.get_name_label'] });
  });

  test('a ref result is recorded with its class in task.type', async () => {
    const task = valueOf(await s.call('Async.network.create', s.session, { name_label: 'n2' }));
    await s.xapi.drain();
    const rec = structOf(valueOf(await s.call('task.get_record', s.session, task)));
    assert.equal(rec['status'], 'success');
    assert.match(String(rec['result']), /^<value>OpaqueRef:[0-9a-f-]{36}<\/value>$/);
    assert.equal(rec['type'], 'network');
  });
});

test('without extensions the extension messages are unknown', async () => {
  const plain = await startTestServer({ extensions: false });
  const full = await startTestServer();
  try {
    assert.deepEqual(await plain.call('VM.get_profile', plain.session, plain.fixture.web),
      { ok: false, error: ['MESSAGE_METHOD_UNKNOWN', 'VM.get_profile'] });
    assert.equal((await full.call('VM.get_profile', full.session, full.fixture.web)).ok, true);
    const names = valueOf(await plain.call('system.listMethods')) as string[];
    assert.ok(!names.includes('host.qualify') && names.includes('host.evacuate'));
  } finally {
    await plain.close();
    await full.close();
  }
});

test('unexpected exceptions become INTERNAL_ERROR [text]; writes are durable before the reply', async () => {
  const model = getModel();
  const mem = openMemoryStore();
  let syncs = 0;
  let hold = false;
  let release: () => void = () => undefined;
  // A store whose sync() completes only when the test says so.
  const store: ObjectStore = new Proxy(mem, {
    get(target, prop) {
      if (prop === 'sync') {
        return () => {
          syncs++;
          return hold ? new Promise<void>((resolve) => {
            release = resolve;
          }) : Promise.resolve();
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  seedFixture(mem, model);
  const boom: Handler = () => {
    throw new Error('boom');
  };
  const x = createXapi({ model, store, settings: { authFailureDelayMs: 0 }, handlers: [new Map([['VM.clean_shutdown', boom]])] });
  const unix: Channel = { kind: 'unix' };
  const vm = [...mem.all('VM')][0]![0];
  assert.deepEqual(await x.handleCall('VM.clean_shutdown', ['', vm], unix), { ok: false, error: ['INTERNAL_ERROR', 'boom'] });
  hold = true;
  const before = syncs;
  let answered = false;
  const pending = x.handleCall('VM.set_name_label', ['', vm, 'renamed'], unix).then((r) => {
    answered = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(syncs, before + 1);
  assert.equal(answered, false, 'no reply before the write is durable');
  release();
  assert.deepEqual(await pending, { ok: true, value: '' });
  // a read does not wait for the disk
  assert.deepEqual(await x.handleCall('VM.get_name_label', ['', vm], unix), { ok: true, value: 'renamed' });
  assert.equal(syncs, before + 1);
});
