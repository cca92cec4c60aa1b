// serve --stdio: a call past the size limit gets a failure in its place without being held; the calls around it
// are answered as usual, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveStdio } from '../../src/server/stdio.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { startDemoServer } from '../helpers/cli.js';

async function* inPieces(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

test('an oversized call between two small ones: success, a size failure, success', async () => {
  const server = startDemoServer();
  const web01 = server.demo.vms.get('web01') ?? '';
  const small = encodeXmlRpcCall('VM.get_power_state', ['', web01]);
  const big = encodeXmlRpcCall('VM.get_by_name_label', ['', 'x'.repeat(20_000)]);
  let out = '';
  const fe = serveStdio(server.xapi, inPieces(`${small}\n${big}\n${small}`, 700), { write: (c: string) => (out += c) }, { maxCallBytes: 2_000 });
  await fe.done;
  const replies = out.trim().split('\n').map((l) => decodeXmlRpcResponse(l));
  assert.equal(replies.length, 3, out);
  assert.deepEqual(replies[0], { ok: true, value: 'Running' });
  assert.equal(replies[1]?.ok, false);
  assert.match(String(replies[1]?.ok === false ? replies[1].error[1] : ''), /larger than 2000 bytes/);
  assert.deepEqual(replies[2], { ok: true, value: 'Running' });
});
