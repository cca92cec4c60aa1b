// A JSON-RPC request id is a string or an integer; an integer above 2^53 is still an integer (64-bit values are kept
// exact everywhere on the wire), so the server answers it and echoes it digit for digit. Real HTTP, raw bodies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startTestServer } from '../helpers/server.js';
import { decodeJsonRpcRequest, encodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { success } from '../../src/wire/envelope.js';

const BIG = '1152921504606846977'; // 2^60 + 1: not a safe double

test('the codec keeps a big integer id exact both ways', () => {
  const req = decodeJsonRpcRequest(`{"jsonrpc":"2.0","method":"VM.get_all","params":["s"],"id":${BIG}}`);
  assert.equal(req.id, BigInt(BIG));
  assert.match(encodeJsonRpcResponse(success(''), req.id, true), new RegExp(`"id":${BIG}}$`));
});

test('JSON-RPC v1 and v2 calls with a big integer id are answered with that id', async (t) => {
  const srv = await startTestServer();
  t.after(() => srv.close());
  for (const v2 of [false, true]) {
    const body = `{${v2 ? '"jsonrpc":"2.0",' : ''}"method":"VM.get_name_label","params":["${srv.session}","${srv.fixture.web}"],"id":${BIG}}`;
    const reply = await rawRequest(srv.url, 'POST', '/jsonrpc', body, { 'Content-Type': 'application/json' });
    assert.equal(reply.status, 200, reply.body);
    assert.match(reply.body, /"result":"web01"/);
    assert.ok(reply.body.endsWith(`"id":${BIG}}`), reply.body);
  }
});
