import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { rawRequest, startTestServer, xmlCall, valueOf, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

interface Parsed {
  readonly statusLine: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

/** Reads one HTTP response (with Content-Length) from a socket, leaving the socket open. */
function readResponse(sock: Socket): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
      const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      const length = Number(headers.get('content-length') ?? '0');
      if (buf.length < end + 4 + length) return;
      sock.off('data', onData);
      sock.off('error', reject);
      resolve({ statusLine: lines[0] ?? '', headers, body: buf.subarray(end + 4, end + 4 + length).toString('utf8') });
    };
    sock.on('data', onData);
    sock.on('error', reject);
  });
}

function rawPost(path: string, body: string, version: '1.0' | '1.1', extra = ''): string {
  return `POST ${path} HTTP/${version}\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
}

function opened(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => resolve(sock));
    sock.once('error', reject);
  });
}

function closed(sock: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    if (sock.readableEnded || sock.destroyed) resolve(true);
    sock.once('close', () => resolve(true));
    setTimeout(() => resolve(false), 1000).unref();
  });
}

describe('the HTTP front end', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  test('XML-RPC on / and /RPC2 with xapi\'s headers', async () => {
    for (const path of ['/', '/RPC2']) {
      const r = await rawRequest(s.url, 'POST', path, encodeXmlRpcCall('VM.get_name_label', [s.session, s.fixture.web]));
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'text/xml');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.headers['access-control-allow-headers'], 'X-Requested-With');
      assert.deepEqual(decodeXmlRpcResponse(r.body), { ok: true, value: 'web01' });
      assert.doesNotMatch(r.body, />\s+</, 'no whitespace between tags');
    }
    const failure = await xmlCall(s.url, 'VM.get_record', s.session, 'OpaqueRef:bogus');
    assert.deepEqual(failure, { ok: false, error: ['HANDLE_INVALID', 'VM', 'OpaqueRef:bogus'] });
  });

  test('system.listMethods is not wrapped in the Status envelope over XML-RPC', async () => {
    const r = await rawRequest(s.url, 'POST', '/', '<?xml version="1.0"?><methodCall><methodName>system.listMethods</methodName><params /></methodCall>');
    assert.match(r.body, /^<methodResponse><params><param><value><array><data>/);
    assert.doesNotMatch(r.body, /Status/);
  });

  test('JSON-RPC v1 and v2 on /jsonrpc', async () => {
    const v1 = await rawRequest(s.url, 'POST', '/jsonrpc', JSON.stringify({ method: 'VM.get_memory_static_max', params: [s.session, s.fixture.web], id: 7 }));
    assert.equal(v1.status, 200);
    assert.equal(v1.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(v1.body), { result: 2147483648, error: null, id: 7 });
    const v2 = await rawRequest(s.url, 'POST', '/jsonrpc', JSON.stringify({ jsonrpc: '2.0', method: 'VM.get_record', params: [s.session, 'OpaqueRef:x'], id: 'a' }));
    const parsed = JSON.parse(v2.body) as { error: { code: number; message: string; data: string[] } };
    assert.deepEqual(parsed.error, { code: 1, message: 'HANDLE_INVALID', data: ['VM', 'OpaqueRef:x'] });
    // sessions are shared between the protocols
    const login = await rawRequest(s.url, 'POST', '/jsonrpc', JSON.stringify({ method: 'session.login_with_password', params: ['root', TEST_PASSWORD], id: 1 }));
    const ref = (JSON.parse(login.body) as { result: string }).result;
    assert.deepEqual(await xmlCall(s.url, 'VM.get_name_label', ref, s.fixture.db), { ok: true, value: 'db01' });
  });

  test('a malformed body is HTTP 500, not an API error', async () => {
    assert.equal((await rawRequest(s.url, 'POST', '/', '<methodCall><methodName>x</methodName>')).status, 500);
    assert.equal((await rawRequest(s.url, 'POST', '/', 'not xml at all')).status, 500);
    assert.equal((await rawRequest(s.url, 'POST', '/jsonrpc', '{"method": "VM.get_all", "params": [')).status, 500);
    assert.equal((await rawRequest(s.url, 'POST', '/jsonrpc', JSON.stringify({ method: 'VM.get_all', params: [] }))).status, 500);
  });

  test('OPTIONS answers CORS preflights; other paths are 404', async () => {
    const pre = await rawRequest(s.url, 'OPTIONS', '/jsonrpc');
    assert.equal(pre.status, 200);
    assert.equal(pre.headers['access-control-allow-origin'], '*');
    assert.equal((await rawRequest(s.url, 'POST', '/nowhere', '<x/>')).status, 404);
    assert.equal((await rawRequest(s.url, 'GET', '/')).status, 404);
  });

  test('HTTP/1.1 keeps the connection alive across calls', async () => {
    const sock = await opened(s.port);
    try {
      for (let i = 0; i < 3; i++) {
        const reply = readResponse(sock);
        sock.write(rawPost('/', encodeXmlRpcCall('VM.get_name_label', [s.session, s.fixture.db]), '1.1'));
        const r = await reply;
        assert.match(r.statusLine, /^HTTP\/1\.1 200/);
        assert.deepEqual(decodeXmlRpcResponse(r.body), { ok: true, value: 'db01' });
      }
    } finally {
      sock.destroy();
    }
  });

  test('HTTP/1.0 is answered and closed, unless it asks for keep-alive', async () => {
    const sock = await opened(s.port);
    const reply = readResponse(sock);
    sock.write(rawPost('/', encodeXmlRpcCall('VM.get_name_label', [s.session, s.fixture.db]), '1.0'));
    assert.deepEqual(decodeXmlRpcResponse((await reply).body), { ok: true, value: 'db01' });
    assert.equal(await closed(sock), true);

    const ka = await opened(s.port);
    try {
      for (let i = 0; i < 2; i++) {
        const r = readResponse(ka);
        ka.write(rawPost('/', encodeXmlRpcCall('VM.get_name_label', [s.session, s.fixture.web]), '1.0', 'Connection: keep-alive\r\n'));
        const got = await r;
        assert.equal(got.headers.get('connection')?.toLowerCase(), 'keep-alive');
        assert.deepEqual(decodeXmlRpcResponse(got.body), { ok: true, value: 'web01' });
      }
    } finally {
      ka.destroy();
    }
  });

  test('a big reply arrives whole (streamed in chunks)', async () => {
    const many = 400;
    for (let i = 0; i < many; i++) {
      valueOf(await s.call('VM.create', s.session, { name_label: `bulk${i}`, other_config: { pad: 'x'.repeat(300) } }));
    }
    const r = await xmlCall(s.url, 'VM.get_all_records', s.session);
    assert.equal(r.ok, true);
    assert.ok(r.ok && Object.keys(r.value as object).length >= many);
  });
});
