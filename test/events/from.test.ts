import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asBatch, startHarness } from './harness.js';
import type { BatchView, Harness } from './harness.js';

const TOKEN = /^\d{20},\d{20}$/;

describe('event.from', () => {
  let h: Harness;
  let vm: string;
  before(async () => {
    h = await startHarness();
    vm = [...h.demo.vms.values()][0] as string;
  });
  after(() => h.close());

  const from = async (classes: string[], token: string, timeout = 0.05): Promise<BatchView> =>
    asBatch(await h.ok('event.from', classes, token, timeout));

  test('the empty token gives every existing object of the subscribed classes as add events', async () => {
    const b = await from(['VM', 'host'], '');
    assert.match(b.token, TOKEN);
    const vms = b.events.filter((e) => e.class === 'vm');
    const hosts = b.events.filter((e) => e.class === 'host');
    assert.equal(vms.length, Number(b.valid_ref_counts['vm']));
    assert.equal(hosts.length, Number(b.valid_ref_counts['host']));
    assert.equal(vms.length + hosts.length, b.events.length);
    assert.ok(b.events.every((e) => e.operation === 'add' && e.timestamp === '0.0' && e.snapshot !== undefined));
    const mine = vms.find((e) => e.ref === vm);
    assert.deepEqual(mine?.snapshot, await h.ok('VM.get_record', vm));
  });

  test('class names are case-insensitive and events name classes in lowercase', async () => {
    const b = await from(['vm_METRICS'], '');
    assert.ok(b.events.length > 0);
    assert.ok(b.events.every((e) => e.class === 'vm_metrics'));
  });

  test('a change after a token is one mod event with the new record', async () => {
    const start = (await from(['vm'], '')).token;
    await h.ok('VM.set_name_description', vm, 'changed once');
    const b = await from(['vm'], start);
    assert.equal(b.events.length, 1);
    const [e] = b.events;
    assert.equal(e?.operation, 'mod');
    assert.equal(e?.ref, vm);
    assert.equal(e?.snapshot?.['name_description'], 'changed once');
    assert.ok(b.token > start);
  });

  test('repeated changes of one object coalesce into one event carrying the latest state', async () => {
    const start = (await from(['vm'], '')).token;
    for (let i = 0; i < 5; i++) await h.ok('VM.set_name_description', vm, `rev ${i}`);
    await h.ok('VM.add_tags', vm, 'coalesced');
    const b = await from(['vm'], start);
    assert.equal(b.events.length, 1);
    assert.equal(b.events[0]?.snapshot?.['name_description'], 'rev 4');
    assert.ok((b.events[0]?.snapshot?.['tags'] as string[]).includes('coalesced'));
  });

  test('an object created and changed after the token is an add; one destroyed is a del without snapshot', async () => {
    const start = (await from(['network'], '')).token;
    const net = await h.ok('network.create', { name_label: 'ev-net', name_description: '', other_config: {} });
    await h.ok('network.set_name_description', net, 'after create');
    let b = await from(['network'], start);
    assert.equal(b.events.length, 1);
    assert.equal(b.events[0]?.operation, 'add');
    assert.equal(b.events[0]?.snapshot?.['name_description'], 'after create');
    const mid = b.token;
    await h.ok('network.destroy', net);
    b = await from(['network'], mid);
    assert.equal(b.events.length, 1);
    assert.equal(b.events[0]?.operation, 'del');
    assert.equal(b.events[0]?.ref, net);
    assert.equal(b.events[0]?.snapshot, undefined);
  });

  test('an object created and destroyed since the token makes no event (xapi); a waiting call keeps waiting', async () => {
    const start = (await from(['network'], '')).token;
    const net = await h.ok('network.create', { name_label: 'brief', name_description: '', other_config: {} });
    await h.ok('network.destroy', net);
    assert.equal((await from(['network'], start)).events.length, 0);
    const pending = from(['network'], start, 30);
    setTimeout(() => void h.ok('network.create', { name_label: 'kept', name_description: '', other_config: {} }), 30);
    const b = await pending;
    assert.deepEqual(b.events.map((e) => [e.operation, e.snapshot?.['name_label']]), [['add', 'kept']]);
  });

  test('an add event\'s id is its creation generation; a mod\'s its latest change', async () => {
    const start = (await from(['network'], '')).token;
    const net = await h.ok('network.create', { name_label: 'ids', name_description: '', other_config: {} });
    const created = asBatch(await h.ok('event.from', ['network'], start, 0)).token;
    await h.ok('network.set_name_description', net, 'changed');
    const [add] = (await from(['network'], start)).events;
    assert.equal(add?.operation, 'add');
    assert.equal(BigInt(add?.id ?? '0'), BigInt(created.split(',')[0] ?? ''));
    const [mod] = (await from(['network'], created)).events;
    assert.equal(mod?.operation, 'mod');
    assert.ok(BigInt(mod?.id ?? '0') > BigInt(add?.id ?? '0'));
  });

  test('a class/ref subscription sees that object only', async () => {
    const other = [...h.demo.vms.values()][1] as string;
    const start = (await from([`VM/${vm}`], '')).token;
    await h.ok('VM.set_name_description', other, 'not watched');
    let b = await from([`VM/${vm}`], start);
    assert.equal(b.events.length, 0);
    await h.ok('VM.set_name_description', vm, 'watched');
    b = await from([`vm/${vm}`], start);
    assert.deepEqual(b.events.map((e) => e.ref), [vm]);
    const snap = await from([`vm/${vm}`], '');
    assert.deepEqual(snap.events.map((e) => [e.ref, e.operation]), [[vm, 'add']]);
  });

  test('a timeout (a double) with nothing to report returns no events and a fresh token', async () => {
    const start = (await from(['SR'], '')).token;
    await h.ok('VM.set_name_description', vm, 'other class');
    const t0 = Date.now();
    const b = await from(['SR'], start, 0.2);
    assert.ok(Date.now() - t0 >= 150);
    assert.equal(b.events.length, 0);
    assert.ok(b.token > start);
  });

  test('a blocked call returns as soon as a matching change happens', async () => {
    const start = (await from(['vm'], '')).token;
    const pending = from(['vm'], start, 30);
    setTimeout(() => void h.ok('VM.set_name_description', vm, 'wake up'), 20);
    const b = await pending;
    assert.equal(b.events[0]?.snapshot?.['name_description'], 'wake up');
  });

  test('session objects and private tables never appear', async () => {
    const b = await from(['*'], '');
    const classes = new Set(b.events.map((e) => e.class));
    assert.ok(classes.has('vm') && classes.has('pool'));
    assert.ok(!classes.has('session'));
    assert.ok([...classes].every((c) => !c.startsWith('xenctl')));
    assert.ok(!('session' in b.valid_ref_counts));
    const start = b.token;
    const login = await h.raw('session.login_with_password', ['root', 'events-test']);
    assert.ok(login.ok);
    await h.xapi.context.accounts.setPassword('root', 'events-test');
    assert.equal((await from(['*'], start, 0.05)).events.length, 0);
  });

  test('valid_ref_counts counts every table, subscribed or not', async () => {
    const b = await from(['SR'], '');
    assert.equal(typeof b.valid_ref_counts['vm'], 'bigint');
    assert.equal(b.valid_ref_counts['vm'], BigInt((await h.ok('VM.get_all') as string[]).length));
    assert.equal(b.valid_ref_counts['task'], 0n);
  });

  test('bad tokens and subscriptions fail with xapi codes', async () => {
    assert.deepEqual(await h.fails('event.from', ['vm'], 'garbage', 0.1), ['EVENT_FROM_TOKEN_PARSE_FAILURE', 'garbage']);
    assert.deepEqual(await h.fails('event.from', ['vm'], '12', 0.1), ['EVENT_FROM_TOKEN_PARSE_FAILURE', '12']);
    assert.deepEqual(await h.fails('event.from', ['nosuchclass'], '', 0.1), ['EVENT_SUBSCRIPTION_PARSE_FAILURE', 'nosuchclass']);
    assert.deepEqual(await h.fails('event.from', ['vm/'], '', 0.1), ['EVENT_SUBSCRIPTION_PARSE_FAILURE', 'vm/']);
  });

  test('a token of another server process or from the future gets EVENTS_LOST', async () => {
    const token = (await from(['vm'], '')).token;
    const [db, msg] = token.split(',') as [string, string];
    const before = `${db},${(BigInt(msg) - 1n).toString().padStart(20, '0')}`;
    assert.deepEqual(await h.fails('event.from', ['vm'], before, 0.1), ['EVENTS_LOST']);
    const future = `${(BigInt(db) + 1000n).toString().padStart(20, '0')},${msg}`;
    assert.deepEqual(await h.fails('event.from', ['vm'], future, 0.1), ['EVENTS_LOST']);
    const old = `00000000000000000000,${msg}`;
    assert.deepEqual(await h.fails('event.from', ['vm'], old, 0.1), ['EVENTS_LOST']);
  });
});

describe('a bounded event log', () => {
  test('a token older than what the log keeps gets EVENTS_LOST', async () => {
    const h = await startHarness({ maxEntries: 3 });
    try {
      const start = asBatch(await h.ok('event.from', ['vm'], '', 0)).token;
      const vms = [...h.demo.vms.values()].slice(0, 3);
      await h.ok('VM.set_name_description', vms[0] as string, 'a');
      const mid = asBatch(await h.ok('event.from', ['vm'], start, 0)).token;
      for (const v of vms) await h.ok('VM.set_name_description', v, 'b');
      // Three objects fit; a fourth pushes the oldest out.
      await h.ok('pool.set_name_description', h.demo.pool, 'x');
      assert.deepEqual(await h.fails('event.from', ['vm'], start, 0), ['EVENTS_LOST']);
      assert.deepEqual(await h.fails('event.from', ['vm'], mid, 0), ['EVENTS_LOST']);
      const b = asBatch(await h.ok('event.from', ['*'], asBatch(await h.ok('event.from', ['*'], '', 0)).token, 0));
      assert.equal(b.events.length, 0);
    } finally {
      h.close();
    }
  });

  test('close() releases a blocked call at once', async () => {
    const h = await startHarness();
    const start = asBatch(await h.ok('event.from', ['vm'], '', 0)).token;
    const pending = h.ok('event.from', ['vm'], start, 600);
    setTimeout(() => h.close(), 20);
    const b = asBatch(await pending);
    assert.equal(b.events.length, 0);
  });

  test('an aborted channel (client gone) releases a blocked call', async () => {
    const h = await startHarness();
    try {
      const start = asBatch(await h.ok('event.from', ['vm'], '', 0)).token;
      const ac = new AbortController();
      const pending = h.raw('event.from', [h.session, ['vm'], start, 600], { kind: 'http', signal: ac.signal });
      setTimeout(() => ac.abort(), 20);
      const env = await pending;
      assert.ok(env.ok);
    } finally {
      h.close();
    }
  });
});
