// A server that is shutting down ends kept-alive connections after the reply: an event listener whose blocking
// event.from the shutdown answered must not go on calling over the same connection (it spun there, ~2000 calls in
// the grace period), but reconnect, find the port closed and back off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi } from '../../src/server/xapi.js';
import { listenHttp } from '../../src/server/http.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { seedFixture } from '../helpers/server.js';

function post(url: string, agent: Agent, body: string): Promise<{ connection: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { method: 'POST', agent, headers: { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ connection: res.headers.connection, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('after close() starts, the next request on a kept-alive connection is answered with Connection: close', async () => {
  const model = getModel();
  const store = openMemoryStore();
  seedFixture(store, model);
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  const http = await listenHttp(xapi, '127.0.0.1', 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const login = await xapi.handleCall('session.login_with_password', ['root', ''], { kind: 'unix', user: 'root' });
    assert.ok(login.ok && typeof login.value === 'string', JSON.stringify(login));
    const session = login.value;
    const first = await xapi.handleCall('event.from', [session, ['vm'], '', 0], { kind: 'unix', user: 'root' });
    assert.ok(first.ok && typeof first.value === 'object' && first.value !== null && !Array.isArray(first.value) && !(first.value instanceof Date));
    const token = String((first.value as Record<string, unknown>)['token']);
    const blocking = post(http.url, agent, encodeXmlRpcCall('event.from', [session, ['vm'], token, 30]));
    await new Promise((r) => setTimeout(r, 200));
    xapi.close();
    const closing = http.close(2000);
    const woken = await blocking;
    assert.match(woken.body, /<methodResponse>/);
    // The listener's next call goes out on the same connection, as a keep-alive client does.
    const next = await post(http.url, agent, encodeXmlRpcCall('event.from', [session, ['vm'], token, 30]));
    assert.equal(next.connection, 'close');
    await closing;
  } finally {
    agent.destroy();
    await http.close(0);
    await xapi.drain();
    await store.close();
  }
});
