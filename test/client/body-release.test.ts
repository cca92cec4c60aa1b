// A big reply's Buffer is freed (detached) once decoded, so its memory goes at the next minor GC; only bodies
// readBody allocated for itself are touched, and the decoded value is intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody, releaseBody } from '../../src/transport/body.js';
import { httpTransport } from '../../src/transport/http.js';
import type { Transport, WireProtocol } from '../../src/transport/types.js';
import { exchange } from '../../src/client/rpc.js';

const BIG = 2 * 1024 * 1024;

function bigReply(): string {
  const members: string[] = [];
  let size = 0;
  for (let i = 0; size < BIG; i++) {
    const m = `"OpaqueRef:${i}":{"uuid":"u${i}","n":${i},"big":9007199254740993}`;
    members.push(m);
    size += m.length + 1;
  }
  return `{"jsonrpc":"2.0","result":{${members.join(',')}},"id":1}`;
}

async function serve(body: string, chunked: boolean): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const bytes = Buffer.from(body);
      if (chunked) {
        res.writeHead(200, { 'content-type': 'application/json' });
        for (let i = 0; i < bytes.length; i += 65536) res.write(bytes.subarray(i, i + 65536));
        res.end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
        res.end(bytes);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

function fetchBody(port: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/jsonrpc' }, (res: IncomingMessage) => {
      readBody(res, 'test').then(resolve, reject);
    });
    req.on('error', reject);
    req.end('{}');
  });
}

for (const chunked of [false, true]) {
  test(`readBody's own big body (${chunked ? 'chunked' : 'with a length'}) is emptied by releaseBody; small ones are kept`, async () => {
    const text = bigReply();
    const big = await serve(text, chunked);
    const small = await serve('{"result":"x","id":1}', chunked);
    try {
      const body = await fetchBody(big.port);
      assert.ok(body.length > BIG);
      assert.equal(body.toString(), text);
      releaseBody(body);
      assert.equal(body.length, 0);
      assert.equal(body.buffer.byteLength, 0);
      releaseBody(body); // twice is harmless
      const tiny = await fetchBody(small.port);
      releaseBody(tiny);
      assert.equal(tiny.toString(), '{"result":"x","id":1}');
    } finally {
      big.server.close();
      small.server.close();
    }
  });
}

test('a Buffer readBody did not allocate is never released', () => {
  const other = Buffer.alloc(BIG, 0x61);
  releaseBody(other);
  assert.equal(other.length, BIG);
  assert.equal(other[BIG - 1], 0x61);
});

test('exchange decodes a big reply over HTTP, then frees its body; the value is intact', async () => {
  const { server, port } = await serve(bigReply(), false);
  const http = httpTransport('http', '127.0.0.1', port);
  let seen: Buffer | undefined;
  const spy: Transport = {
    kind: http.kind, delegated: http.delegated, offersJson: http.offersJson, target: 'spy',
    async rpc(body: string, protocol: WireProtocol) {
      seen = await http.rpc(body, protocol);
      return seen;
    },
    close: () => http.close(),
  };
  try {
    const env = await exchange({ transport: spy, protocol: 'jsonrpc', method: 'VM.get_all_records', params: ['s'], id: 1, secrets: [] });
    assert.ok(env.ok);
    const value = env.ok ? (env.value as Record<string, Record<string, unknown>>) : {};
    assert.deepEqual(value['OpaqueRef:7'], { uuid: 'u7', n: 7, big: 9007199254740993n });
    assert.ok(Object.keys(value).length > 10000);
    assert.equal(seen?.length, 0, 'the reply body was released');
  } finally {
    await spy.close();
    server.close();
  }
});
