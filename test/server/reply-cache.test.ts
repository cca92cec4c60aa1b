// get_record replies are kept encoded per stored record object: a write (which stores a new object) must never be
// answered with the bytes of the old one, whatever path made it (setter, map edit, handler, direct store update).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { XenStruct } from '../../src/model/types.js';
import { createReplyCache } from '../../src/server/reply-cache.js';
import { listenHttp } from '../../src/server/http.js';
import type { Xapi } from '../../src/server/xapi.js';
import { encodeXmlRpcCall, encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { HTTP, rawRequest, startTestServer, structOf, valueOf, xmlCall } from '../helpers/server.js';

test('get_record over XML-RPC shows every write at once, and its bytes are the encoder\'s', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const { web } = s.fixture;
  const record = async (): Promise<XenStruct> => structOf(valueOf(await xmlCall(s.url, 'VM.get_record', s.session, web)));
  const body = encodeXmlRpcCall('VM.get_record', [s.session, web]);
  // What the encoder makes of the record the dispatcher returns now.
  const encoded = async (): Promise<string> => encodeXmlRpcResponse(await s.call('VM.get_record', s.session, web));

  assert.equal((await record())['name_label'], 'web01');
  const first = (await rawRequest(s.url, 'POST', '/', body)).body;
  assert.equal((await rawRequest(s.url, 'POST', '/', body)).body, first);
  assert.equal(first, await encoded());

  valueOf(await xmlCall(s.url, 'VM.set_name_label', s.session, web, 'web02'));
  assert.equal((await record())['name_label'], 'web02');

  valueOf(await xmlCall(s.url, 'VM.add_to_other_config', s.session, web, 'cached', 'no'));
  assert.equal(structOf((await record())['other_config'] ?? {})['cached'], 'no');

  valueOf(await xmlCall(s.url, 'VM.add_tags', s.session, web, 'fresh'));
  assert.ok(((await record())['tags'] as readonly string[]).includes('fresh'));

  // A handler's write (VM.clean_shutdown changes power_state) and a write straight to the store.
  valueOf(await xmlCall(s.url, 'VM.clean_shutdown', s.session, web));
  assert.equal((await record())['power_state'], 'Halted');
  s.store.update('VM', web, { name_description: 'from the store' });
  assert.equal((await record())['name_description'], 'from the store');
  assert.equal((await rawRequest(s.url, 'POST', '/', body)).body, await encoded());

  // The event a write makes carries the new record too.
  const token = structOf(valueOf(await xmlCall(s.url, 'event.from', s.session, ['vm'], '', 0)))['token'] as string;
  valueOf(await xmlCall(s.url, 'VM.set_name_label', s.session, web, 'web03'));
  const batch = structOf(valueOf(await xmlCall(s.url, 'event.from', s.session, ['vm'], token, 0)));
  const events = batch['events'] as readonly XenStruct[];
  assert.equal(structOf(events.at(-1)?.['snapshot'] ?? {})['name_label'], 'web03');
  assert.equal((await record())['name_label'], 'web03');

  valueOf(await xmlCall(s.url, 'VM.destroy', s.session, web));
  const gone = await xmlCall(s.url, 'VM.get_record', s.session, web);
  assert.deepEqual(gone, { ok: false, error: ['HANDLE_INVALID', 'VM', web] });
});

test('a stored record that is not exactly its class\'s fields in order (a private field, keys out of order) is cached too', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const ref = newRef();
  const { name_label: _, ...rest } = makeRecord(s.model, 'VM', { name_label: 'odd' });
  s.store.create('VM', ref, { xenctl_private: 'hidden', ...rest, name_label: 'odd' });
  const body = encodeXmlRpcCall('VM.get_record', [s.session, ref]);
  const once = async (): Promise<Buffer> => {
    const stream = (await s.xapi.streamXmlRpc(body, HTTP)).pieces;
    const pieces: Buffer[] = [];
    for (let r = stream.next(); r.done !== true; r = stream.next()) pieces.push(...r.value);
    assert.equal(pieces.length, 1);
    return pieces[0] as Buffer;
  };
  const first = await once();
  assert.equal(await once(), first, 'the second read is the kept reply');
  const text = first.toString('utf8');
  assert.ok(!text.includes('xenctl_private') && text.includes('<value>odd</value>'));
  assert.ok(text.indexOf('<name>uuid</name>') < text.indexOf('<name>name_label</name>'), 'fields in datamodel order');
  s.store.update('VM', ref, { name_label: 'renamed' });
  const after = (await once()).toString('utf8');
  assert.ok(after.includes('<value>renamed</value>') && !after.includes('<value>odd</value>'));
});

test('the reply cache keeps only remembered records, within its byte budget', () => {
  const cache = createReplyCache(1000);
  const a: XenStruct = { name_label: 'a', note: 'x'.repeat(300) };
  const b: XenStruct = { name_label: 'b', note: 'y'.repeat(300) };
  assert.equal(cache.xmlRpcSuccess(a), undefined, 'a struct nobody remembered is not cached');
  // get_record's path: a record with its fields as they go on the wire is its own projection, and is remembered.
  assert.equal(cache.wireOf(a, (stored) => stored), a);
  assert.equal(cache.wireOf(b, (stored) => stored), b);
  const bytesA = cache.xmlRpcSuccess(a);
  assert.equal(bytesA?.toString('utf8'), encodeXmlRpcResponse({ ok: true, value: a }));
  assert.equal(cache.xmlRpcSuccess(a), bytesA, 'a hit returns the kept bytes');
  assert.equal(cache.xmlRpcSuccess(b)?.toString('utf8'), encodeXmlRpcResponse({ ok: true, value: b }));
  // Both do not fit in 1000 bytes: a was evicted, so asking again encodes anew (equal bytes, another buffer).
  const again = cache.xmlRpcSuccess(a);
  assert.notEqual(again, bytesA);
  assert.deepEqual(again, bytesA);
  assert.equal(cache.xmlRpcSuccess('text'), undefined);
});

test('a client that goes away releases its blocked event.from (the http channel\'s signal)', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  let released!: () => void;
  const done = new Promise<void>((resolve) => {
    released = resolve;
  });
  const watched: Xapi = {
    ...s.xapi,
    streamXmlRpc: async (body, channel) => {
      const reply = await s.xapi.streamXmlRpc(body, channel);
      released();
      return reply;
    },
  };
  const front = await listenHttp(watched, '127.0.0.1', 0);
  t.after(() => front.close(0));
  const token = structOf(valueOf(await xmlCall(s.url, 'event.from', s.session, ['vm'], '', 0)))['token'] as string;
  const call = encodeXmlRpcCall('event.from', [s.session, ['vm'], token, 600]);
  const sock = connect(front.port, '127.0.0.1');
  sock.on('error', () => undefined);
  sock.write(`POST / HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(call)}\r\n\r\n${call}`);
  setTimeout(() => sock.destroy(), 100);
  await done; // without the signal this waits the full 600 s and the test times out
});
