import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { asBatch, startHarness } from './harness.js';
import type { EventView, Harness } from './harness.js';

describe('legacy events and event.inject', () => {
  let h: Harness;
  let vm: string;
  before(async () => {
    h = await startHarness({ maxQueue: 5 });
    vm = [...h.demo.vms.values()][0] as string;
  });
  after(() => h.close());

  test('event.next without event.register fails SESSION_NOT_REGISTERED [session]', async () => {
    assert.deepEqual(await h.fails('event.next'), ['SESSION_NOT_REGISTERED', h.session]);
  });

  test('register, next (each change in order, with Unix timestamps), unregister', async () => {
    await h.ok('event.register', ['VM']);
    await h.ok('VM.set_name_description', vm, 'one');
    await h.ok('VM.set_name_description', vm, 'two');
    await h.ok('pool.set_name_description', h.demo.pool, 'not registered for pools');
    const events = await h.ok('event.next') as unknown as EventView[];
    assert.deepEqual(events.map((e) => [e.class, e.operation, e.ref]), [['vm', 'mod', vm], ['vm', 'mod', vm]]);
    assert.deepEqual(events.map((e) => e.snapshot?.['name_description']), ['one', 'two']);
    assert.ok(events.every((e) => Math.abs(Number(e.timestamp) - Date.now() / 1000) < 60));
    assert.ok(Number(events[1]?.id) > Number(events[0]?.id));
    await h.ok('event.unregister', ['vm']);
    assert.deepEqual(await h.fails('event.next'), ['SESSION_NOT_REGISTERED', h.session]);
  });

  test('event.next blocks until a registered change happens', async () => {
    await h.ok('event.register', ['pool']);
    const pending = h.ok('event.next');
    setTimeout(() => void h.ok('pool.set_name_description', h.demo.pool, 'wake'), 20);
    const events = await pending as unknown as EventView[];
    assert.equal(events[0]?.class, 'pool');
    await h.ok('event.unregister', ['pool']);
  });

  test('an overflowing queue answers EVENTS_LOST and drops the registration', async () => {
    await h.ok('event.register', ['vm']);
    for (let i = 0; i < 6; i++) await h.ok('VM.set_name_description', vm, `flood ${i}`);
    assert.deepEqual(await h.fails('event.next'), ['EVENTS_LOST']);
    assert.deepEqual(await h.fails('event.next'), ['SESSION_NOT_REGISTERED', h.session]);
  });

  test('event.inject makes a mod event and returns the token just before it (xapi): event.from with it sees the event', async () => {
    const start = asBatch(await h.ok('event.from', ['pool'], '', 0)).token;
    const token = await h.ok('event.inject', 'pool', h.demo.pool);
    assert.equal(typeof token, 'string');
    assert.ok((token as string) >= start);
    const b = asBatch(await h.ok('event.from', ['pool'], start, 0));
    assert.deepEqual(b.events.map((e) => [e.operation, e.ref]), [['mod', h.demo.pool]]);
    const after = asBatch(await h.ok('event.from', ['pool'], token as string, 0));
    assert.deepEqual(after.events.map((e) => [e.operation, e.ref]), [['mod', h.demo.pool]]);
    // The documented wait: until event.from answers a token greater than inject's.
    assert.ok(after.token > (token as string));
    const quiet = asBatch(await h.ok('event.from', ['pool'], after.token, 0));
    assert.equal(quiet.events.length, 0);
  });

  test('event.inject on a missing object fails HANDLE_INVALID [class, ref]', async () => {
    assert.deepEqual(await h.fails('event.inject', 'VM', 'OpaqueRef:nope'), ['HANDLE_INVALID', 'VM', 'OpaqueRef:nope']);
    assert.deepEqual(await h.fails('event.inject', 'nosuch', vm), ['HANDLE_INVALID', 'nosuch', vm]);
  });

  test('event.get_current_id moves with changes', async () => {
    const a = await h.ok('event.get_current_id');
    await h.ok('VM.set_name_description', vm, 'moved');
    const b = await h.ok('event.get_current_id');
    assert.equal(typeof a, 'bigint');
    assert.ok((b as bigint) > (a as bigint));
  });
});
