// Big replies over HTTP are streamed (chunked, encoded piece by piece); small ones keep their Content-Length.
// Either way the bytes are exactly what the in-memory encoder produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { decodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { HTTP, rawRequest, startTestServer } from '../helpers/server.js';

test('get_all_records of a big pool is sent chunked and decodes to the same records; a small reply has a Content-Length', async (t) => {
  const s = await startTestServer();
  t.after(() => s.close());
  const boot = 'b'.repeat(4000);
  for (let i = 0; i < 400; i++) {
    s.store.create('VM', newRef(), makeRecord(s.model, 'VM', { name_label: `big${i}`, last_booted_record: `${boot}<&>${i}`, memory_static_max: 2n ** 62n }));
  }
  const xmlBody = encodeXmlRpcCall('VM.get_all_records', [s.session]);
  const xml = await rawRequest(s.url, 'POST', '/', xmlBody);
  assert.equal(xml.status, 200);
  assert.equal(xml.headers['content-length'], undefined);
  assert.equal(xml.headers['transfer-encoding'], 'chunked');
  const expected = Buffer.concat((await s.xapi.handleXmlRpc(xmlBody, HTTP)).chunks).toString('utf8');
  assert.ok(expected.length > 2 * 1024 * 1024);
  assert.equal(xml.body, expected);
  const env = decodeXmlRpcResponse(xml.body);
  assert.ok(env.ok);
  const names = Object.values(env.value as Record<string, Record<string, unknown>>).map((r) => r['name_label']);
  assert.ok(names.includes('big399'));

  const jsonBody = JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_all_records', params: [s.session], id: 'x' });
  const json = await rawRequest(s.url, 'POST', '/jsonrpc', jsonBody);
  assert.equal(json.headers['transfer-encoding'], 'chunked');
  assert.equal(json.body, Buffer.concat((await s.xapi.handleJsonRpc(jsonBody, HTTP)).chunks).toString('utf8'));
  const jenv = decodeJsonRpcResponse(json.body);
  assert.ok(jenv.ok && Object.keys(jenv.value as object).length >= 400);

  const small = await rawRequest(s.url, 'POST', '/', encodeXmlRpcCall('VM.get_all', [s.session]));
  assert.equal(small.headers['content-length'], String(Buffer.byteLength(small.body)));
});
