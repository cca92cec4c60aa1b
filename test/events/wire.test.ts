// event.from on the wire, as xapi writes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { rawRequest, startTestServer } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

describe('event.from over XML-RPC and JSON-RPC', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    s.xapi.close();
    await s.close();
  });

  test('XML-RPC: valid_ref_counts are <i4>, ids and timestamps untyped strings, the timeout a <double>', async () => {
    const body = encodeXmlRpcCall('event.from', [s.session, ['VM'], '', 0.5]);
    assert.match(body, /<double>0\.5<\/double>/);
    const reply = await rawRequest(s.url, 'POST', '/', body, { 'Content-Type': 'text/xml' });
    assert.equal(reply.status, 200);
    assert.match(reply.body, /<member><name>vm<\/name><value><i4>3<\/i4><\/value><\/member>/);
    assert.match(reply.body, /<member><name>task<\/name><value><i4>0<\/i4><\/value><\/member>/);
    assert.match(reply.body, /<member><name>timestamp<\/name><value>0\.0<\/value><\/member>/);
    assert.match(reply.body, /<member><name>id<\/name><value>\d+<\/value><\/member>/);
    assert.match(reply.body, /<member><name>class<\/name><value>vm<\/value><\/member>/);
    assert.match(reply.body, /<member><name>token<\/name><value>\d{20},\d{20}<\/value><\/member>/);
    // Record ints (memory) stay untyped, as xapi writes int64s.
    assert.match(reply.body, /<name>memory_static_max<\/name><value>2147483648<\/value>/);
  });

  test('JSON-RPC: counts are JSON numbers', async () => {
    const req = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'event.from', params: [s.session, ['vm'], '', 0.5] });
    const reply = await rawRequest(s.url, 'POST', '/jsonrpc', req, { 'Content-Type': 'application/json' });
    const parsed = JSON.parse(reply.body) as { result: { valid_ref_counts: Record<string, unknown>; events: { id: unknown }[] } };
    assert.equal(parsed.result.valid_ref_counts['vm'], 3);
    assert.equal(typeof parsed.result.events[0]?.id, 'string');
  });
});
