// A string that is not valid Unicode (a lone surrogate, which JSON's \uD800 escape can carry) is a bad string:
// xapi answers INVALID_VALUE [field, value] instead of storing it. Over real HTTP, JSON-RPC v2 as a client sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startTestServer } from '../helpers/server.js';

test('a lone surrogate in a string argument answers INVALID_VALUE and changes nothing', async (t) => {
  const srv = await startTestServer();
  t.after(() => srv.close());
  const rpc = async (method: string, params: unknown[]): Promise<{ result?: unknown; error?: { message: string; data: string[] } }> => {
    const body = JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }).replace('@LONE@', '\\ud800');
    const reply = await rawRequest(srv.url, 'POST', '/jsonrpc', body, { 'Content-Type': 'application/json' });
    assert.equal(reply.status, 200, reply.body);
    return JSON.parse(reply.body) as { result?: unknown; error?: { message: string; data: string[] } };
  };
  const set = await rpc('VM.set_name_label', [srv.session, srv.fixture.db, 'x@LONE@y']);
  assert.equal(set.error?.message, 'INVALID_VALUE', JSON.stringify(set));
  assert.equal(set.error?.data[0], 'value');
  const map = await rpc('VM.add_to_other_config', [srv.session, srv.fixture.db, 'k@LONE@', 'v']);
  assert.equal(map.error?.message, 'INVALID_VALUE', JSON.stringify(map));
  assert.equal((await rpc('VM.get_name_label', [srv.session, srv.fixture.db])).result, 'db01');
  // A well-formed pair (an emoji) is an ordinary string.
  const ok = await rpc('VM.set_name_label', [srv.session, srv.fixture.db, 'db \ud83d\ude00']);
  assert.equal(ok.error, undefined, JSON.stringify(ok));
  assert.equal((await rpc('VM.get_name_label', [srv.session, srv.fixture.db])).result, 'db \u{1F600}');
});
