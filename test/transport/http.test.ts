import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { httpTransport } from '../../src/transport/http.js';
import { openTransport } from '../../src/transport/open.js';
import { echo, withHttpServer } from './fixtures.js';

test('XML-RPC goes to POST /, JSON-RPC to POST /jsonrpc, on one kept-alive connection', () =>
  withHttpServer(echo, async (srv) => {
    const t = await openTransport(parseUrl(`http://127.0.0.1:${srv.port}`));
    assert.equal(t.kind, 'http');
    assert.equal(t.delegated, false);
    assert.equal(t.offersJson, 'probe');
    try {
      assert.equal((await t.rpc('<methodCall/>', 'xmlrpc')).toString(), '/ <methodCall/>');
      assert.equal((await t.rpc('{"id":1}', 'jsonrpc')).toString(), '/jsonrpc {"id":1}');
      assert.equal((await t.rpc('é€', 'xmlrpc')).toString(), '/ é€');
      assert.deepEqual(srv.seen.map((s) => [s.method, s.path, s.contentType]), [
        ['POST', '/', 'text/xml'], ['POST', '/jsonrpc', 'application/json'], ['POST', '/', 'text/xml'],
      ]);
      assert.equal(srv.connections(), 1);
    } finally {
      await t.close();
    }
  }));

test('large replies arrive whole, with or without content-length', () => {
  const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
  return withHttpServer((req, _body, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'content-length': big.length });
      res.end(big);
    } else {
      res.writeHead(200); // chunked
      for (let i = 0; i < big.length; i += 100_000) res.write(big.subarray(i, i + 100_000));
      res.end();
    }
  }, async (srv) => {
    const t = httpTransport('http', '127.0.0.1', srv.port);
    try {
      assert.ok((await t.rpc('a', 'xmlrpc')).equals(big));
      assert.ok((await t.rpc('b', 'jsonrpc')).equals(big));
    } finally {
      await t.close();
    }
  });
});

test('HTTP errors, refused connections and truncated replies are TransportErrors', async () => {
  await withHttpServer((req, _body, res) => {
    if (req.url === '/jsonrpc') {
      res.writeHead(404);
      res.end('not here');
    } else {
      res.writeHead(200, { 'content-length': 100 });
      res.write('only part of it');
      setTimeout(() => res.destroy(), 10);
    }
  }, async (srv) => {
    const t = httpTransport('http', '127.0.0.1', srv.port);
    try {
      await assert.rejects(t.rpc('{}', 'jsonrpc'), (e: unknown) => e instanceof TransportError && e.code === 'HTTP_404' && e.httpStatus === 404 && /HTTP 404 Not Found to POST \/jsonrpc: not here$/.test(e.message));
      await assert.rejects(t.rpc('<x/>', 'xmlrpc'), (e: unknown) => e instanceof TransportError && /mid-reply|of 100 bytes/.test(e.message));
    } finally {
      await t.close();
    }
  });
  // The port is free once the server above has closed.
  let freePort = 0;
  await withHttpServer(echo, async (srv) => { freePort = srv.port; });
  const t = httpTransport('http', '127.0.0.1', freePort);
  await assert.rejects(t.rpc('x', 'xmlrpc'), (e: unknown) => e instanceof TransportError && e.code === 'ECONNREFUSED' && /connection refused/.test(e.message) && e.target === `http://127.0.0.1:${freePort}`);
  await t.close();
});

test('a kept-alive connection the server resets on reuse is replaced by a fresh one, once', () => {
  const perSocket = new WeakMap<object, number>();
  let resets = 0;
  return withHttpServer((req, body, res) => {
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    if (n === 2 && resets === 0) {
      resets += 1;
      req.socket.destroy(); // as a server does when it closes an idle connection the client is about to reuse
      return;
    }
    echo(req, body, res);
  }, async (srv) => {
    const t = httpTransport('http', '127.0.0.1', srv.port);
    try {
      assert.equal((await t.rpc('one', 'xmlrpc')).toString(), '/ one');
      assert.equal((await t.rpc('two', 'xmlrpc')).toString(), '/ two');
      assert.equal(resets, 1);
      assert.equal(srv.connections(), 2);
    } finally {
      await t.close();
    }
  });
});

test('an abort signal ends a pending request', () =>
  withHttpServer(() => undefined, async (srv) => {
    const t = httpTransport('http', '127.0.0.1', srv.port);
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 20);
      await assert.rejects(t.rpc('x', 'xmlrpc', { signal: ac.signal }), (e: unknown) => e instanceof TransportError && e.code === 'ABORT_ERR');
    } finally {
      await t.close();
    }
  }));

