// A string that is not valid Unicode (a lone surrogate, which JSON's \uD800 escape can carry) is a bad string:
// xapi answers INVALID_VALUE [field, value] instead of storing it. Over real HTTP, JSON-RPC v2 as a client sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
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

/** POSTs raw bytes (rawRequest takes text, which could not carry invalid UTF-8). */
function postBytes(url: string, path: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'POST', agent: false, headers: { 'Content-Length': body.length } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('invalid UTF-8 in a JSON-RPC string answers INVALID_VALUE naming the argument; in XML-RPC the body is refused', async (t) => {
  const srv = await startTestServer();
  t.after(() => srv.close());
  const bytes = (before: string, bad: number[], after: string) => Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
  for (const v2 of [false, true]) {
    const head = `{${v2 ? '"jsonrpc":"2.0",' : ''}"method":"VM.set_name_label","params":["${srv.session}","${srv.fixture.db}","x`;
    const reply = await postBytes(srv.url, '/jsonrpc', bytes(head, [0xff, 0xc3, 0x28], 'y"],"id":1}'));
    assert.equal(reply.status, 200, reply.body);
    const doc = JSON.parse(reply.body) as { error: string[] | { message: string; data: string[] } };
    const error = Array.isArray(doc.error) ? doc.error : [doc.error.message, ...doc.error.data];
    assert.deepEqual(error.slice(0, 2), ['INVALID_VALUE', 'value'], reply.body);
  }
  // Outside a string the document is not JSON any more: HTTP 500, as for any malformed body.
  const broken = await postBytes(srv.url, '/jsonrpc', bytes('{"method":"VM.get_all","params":[', [0xff], '],"id":1}'));
  assert.equal(broken.status, 500);
  const xml = await postBytes(srv.url, '/', bytes(`<methodCall><methodName>VM.set_name_label</methodName><params><param><value>${srv.session}</value></param><param><value>${srv.fixture.db}</value></param><param><value>x`, [0xff], 'y</value></param></params></methodCall>'));
  assert.equal(xml.status, 500);
  const name = await rawRequest(srv.url, 'POST', '/jsonrpc', JSON.stringify({ method: 'VM.get_name_label', params: [srv.session, srv.fixture.db], id: 2 }));
  assert.match(name.body, /"result":"db01"/);
});

test('a bad string in a password parameter is refused without repeating the password', async (t) => {
  const srv = await startTestServer();
  t.after(() => srv.close());
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'session.login_with_password', params: ['root', 'S3cret@LONE@', '1.0', 't'], id: 1 })
    .replace('@LONE@', '\\ud800');
  const reply = await rawRequest(srv.url, 'POST', '/jsonrpc', body, { 'Content-Type': 'application/json' });
  const doc = JSON.parse(reply.body) as { error: { message: string; data: string[] } };
  assert.deepEqual([doc.error.message, ...doc.error.data], ['INVALID_VALUE', 'pwd', '********']);
  assert.doesNotMatch(reply.body, /S3cret/);
});
