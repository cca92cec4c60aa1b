// EventListener against the in-process reference server: changes reach it in order; after EVENTS_LOST it resyncs
// and reports what changed meanwhile as add/mod/del (and nothing else); a connection that fails for a while is retried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenValue } from '../../src/model/types.js';
import { XenApiError } from '../../src/model/errors.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { localTransport } from '../../src/transport/local.js';
import { TransportError } from '../../src/transport/errors.js';
import { XenClient } from '../../src/client/client.js';
import { EventListener, changedFields, type EventCaller, type WatchEvent } from '../../src/client/watch.js';
import { startCliServer, type CliServer } from '../helpers/cli.js';

function clientOf(server: CliServer): XenClient {
  const transport = localTransport({
    handleXmlRpc: async (body, channel) => (await server.xapi.handleXmlRpc(body, channel)).chunks,
    handleJsonRpc: async (body, channel) => (await server.xapi.handleJsonRpc(body, channel)).chunks,
  });
  return new XenClient({ transport, model: server.model });
}

/** A caller that runs `before(n)` ahead of the n-th event.from (0-based) and may throw instead of calling. */
function scripted(inner: EventCaller, before: (n: number) => void): EventCaller {
  let n = 0;
  return {
    call(method: string, args: readonly XenValue[], opts?: { readonly signal?: AbortSignal }) {
      before(n++);
      return inner.call(method, args, opts);
    },
  };
}

async function take(listener: EventListener, count: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  if (count === 0) return out;
  for await (const ev of listener.events()) {
    out.push(ev);
    if (out.length >= count) break;
  }
  return out;
}

test('listener: changes arrive in order with the previous record; the token advances', async () => {
  const server = startCliServer();
  const client = clientOf(server);
  const listener = new EventListener({
    caller: scripted(client, (n) => {
      if (n === 1) {
        server.store.update('VM', server.fixture.web, { name_description: 'first' });
        server.store.update('VM', server.fixture.db, { name_description: 'second' });
      }
    }),
    model: server.model,
    classes: ['vm'],
  });
  const [a, b] = await take(listener, 2);
  assert.deepEqual([a?.operation, a?.ref, b?.operation, b?.ref], ['mod', server.fixture.web, 'mod', server.fixture.db]);
  assert.deepEqual(changedFields(a?.previous, a?.snapshot), ['name_description']);
  // Typed by the model: ints are bigints.
  assert.equal(a?.snapshot?.['memory_static_max'], 2147483648n);
  // One batch: resuming after its first event replays it (the token before the batch), after its last does not.
  assert.notEqual(a?.token, b?.token);
  assert.equal(listener.token, b?.token);
});

test('listener: EVENTS_LOST leads to a resync reporting the add, mod and del made meanwhile, and nothing else', async () => {
  const server = startCliServer();
  const client = clientOf(server);
  const added = newRef();
  const notes: string[] = [];
  const listener = new EventListener({
    caller: scripted(client, (n) => {
      if (n !== 1) return;
      server.store.update('VM', server.fixture.web, { name_description: 'changed while lost' });
      server.store.destroy('VM', server.fixture.db);
      server.store.create('VM', added, makeRecord(server.model, 'VM', { name_label: 'newcomer' }));
      throw new XenApiError('EVENTS_LOST', []);
    }),
    model: server.model,
    classes: ['vm'],
    onNote: (t) => notes.push(t),
  });
  const got = await take(listener, 3);
  const byRef = new Map(got.map((e) => [e.ref, e]));
  assert.equal(byRef.size, 3);
  assert.equal(byRef.get(server.fixture.web)?.operation, 'mod');
  assert.equal(byRef.get(server.fixture.web)?.previous?.['name_description'], '');
  assert.equal(byRef.get(server.fixture.db)?.operation, 'del');
  assert.equal(byRef.get(server.fixture.db)?.previous?.['name_label'], 'db01');
  assert.equal(byRef.get(added)?.operation, 'add');
  assert.ok(got.every((e) => e.resync === true));
  assert.ok(notes.some((t) => t.includes('EVENTS_LOST')), notes.join('\n'));
  // After the resync it follows changes normally again.
  const next = take(listener, 1);
  server.store.update('VM', added, { name_description: 'later' });
  const [later] = await next;
  assert.equal(later?.resync, undefined);
  assert.equal(later?.snapshot?.['name_description'], 'later');
});

test('listener: a connection that fails for a while is retried with backoff, and no change is lost', async () => {
  const server = startCliServer();
  const client = clientOf(server);
  const notes: string[] = [];
  const listener = new EventListener({
    caller: scripted(client, (n) => {
      if (n === 1) server.store.update('VM', server.fixture.web, { name_description: 'while unreachable' });
      if (n >= 1 && n <= 3) throw new TransportError('ECONNREFUSED', 'test', 'cannot talk to test: connection refused');
    }),
    model: server.model,
    classes: ['vm'],
    backoffMs: { first: 5, max: 20 },
    onNote: (t) => notes.push(t),
  });
  const [ev] = await take(listener, 1);
  assert.equal(ev?.snapshot?.['name_description'], 'while unreachable');
  assert.deepEqual(notes, ['cannot talk to test: connection refused; reconnecting', 'connected again']);
});

test('listener: initial reports the current objects; the signal ends it; a non-transient error is thrown', async () => {
  const server = startCliServer();
  const client = clientOf(server);
  const stop = new AbortController();
  const listener = new EventListener({
    caller: client, model: server.model, classes: [`vm/${server.fixture.web}`], initial: true, signal: stop.signal, pollSeconds: 0.05,
  });
  const seen: WatchEvent[] = [];
  for await (const ev of listener.events()) {
    seen.push(ev);
    stop.abort();
  }
  assert.deepEqual(seen.map((e) => [e.operation, e.ref]), [['add', server.fixture.web]]);
  const broken = new EventListener({ caller: client, model: server.model, classes: ['nosuchclass'] });
  await assert.rejects(take(broken, 1), (e: unknown) => e instanceof XenApiError && e.code === 'EVENT_SUBSCRIPTION_PARSE_FAILURE');
});

test('listener: a session the server has forgotten (restart without its sessions) is replaced by a new login', async () => {
  const server = startCliServer();
  const client = clientOf(server);
  const listener = new EventListener({
    caller: scripted(client, (n) => {
      if (n !== 1) return;
      const session = client.session;
      assert.ok(session !== undefined);
      server.store.destroy('session', session);
      server.store.update('VM', server.fixture.db, { name_description: 'after the session went' });
    }),
    model: server.model,
    classes: ['vm'],
  });
  const before = await client.login();
  const [ev] = await take(listener, 1);
  assert.equal(ev?.snapshot?.['name_description'], 'after the session went');
  assert.notEqual(client.session, before);
});
