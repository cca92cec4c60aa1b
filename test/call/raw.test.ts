// XenClient.rawXmlRpc: XML-RPC bodies out and reply bytes back untouched, whatever encoding the client prefers;
// the session composed in after login, and composed again after one re-login on SESSION_INVALID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import type { Transport, WireProtocol } from '../../src/transport/types.js';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall, encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { encodeJsonRpcResponse, decodeJsonRpcRequest } from '../../src/wire/jsonrpc.js';
import { runCli } from '../helpers/cli.js';

/** A fake server: logins hand out s1, s2, ...; only the newest session is valid. */
function fakeTransport(seen: Array<{ protocol: WireProtocol; body: string }>): Transport {
  let logins = 0;
  return {
    kind: 'http',
    delegated: false,
    offersJson: true,
    async rpc(body, protocol) {
      seen.push({ protocol, body });
      const json = protocol === 'jsonrpc' ? decodeJsonRpcRequest(body) : undefined;
      const call = json ?? decodeXmlRpcCall(body);
      // XML replies with stray spaces around them: rawXmlRpc must hand them back byte for byte.
      const reply = (env: Parameters<typeof encodeXmlRpcResponse>[0]): Buffer =>
        Buffer.from(json !== undefined ? encodeJsonRpcResponse(env, json.id, true) : ` ${encodeXmlRpcResponse(env)}  `);
      if (call.method === 'session.login_with_password') return reply({ ok: true, value: `OpaqueRef:s${++logins}` });
      if (call.params[0] !== `OpaqueRef:s${logins}`) return reply({ ok: false, error: ['SESSION_INVALID', String(call.params[0])] });
      return reply({ ok: true, value: `done by ${String(call.params[0])}` });
    },
    async close() {},
  };
}

test('rawXmlRpc: XML-RPC even when the client speaks JSON-RPC; bytes untouched; one re-login on SESSION_INVALID', async () => {
  const seen: Array<{ protocol: WireProtocol; body: string }> = [];
  const client = new XenClient({ transport: fakeTransport(seen), model: getModel(), protocol: 'jsonrpc', password: async () => 'pw' });
  await client.connect();
  // A second login: the client now holds s2 and s1 is stale.
  await client.login();
  const stale = 'OpaqueRef:s1';
  const fixed = await client.rawXmlRpc(encodeXmlRpcCall('VM.get_all', [stale]));
  assert.match(fixed.toString(), /^ <methodResponse>.*SESSION_INVALID.*<\/methodResponse> {2}$/s, 'a fixed body is sent as is');
  const composed = await client.rawXmlRpc((s) => encodeXmlRpcCall('VM.get_all', [s]));
  assert.match(composed.toString(), /done by OpaqueRef:s2/);
  assert.ok(seen.slice(2).every((x) => x.protocol === 'xmlrpc'));
  assert.equal(seen[0]?.protocol, 'jsonrpc');
});

test('rawXmlRpc: a session that went stale is replaced by a new login and the body composed again', async () => {
  const seen: Array<{ protocol: WireProtocol; body: string }> = [];
  const transport = fakeTransport(seen);
  const client = new XenClient({ transport, model: getModel(), protocol: 'xmlrpc', password: async () => 'pw' });
  await client.connect();
  // The server forgets s1 (another client's login made s2 the only valid one).
  await transport.rpc(encodeXmlRpcCall('session.login_with_password', ['root', 'pw']), 'xmlrpc');
  const sessions: string[] = [];
  const reply = await client.rawXmlRpc((s) => (sessions.push(s), encodeXmlRpcCall('VM.get_all', [s])));
  assert.deepEqual(sessions, ['OpaqueRef:s1', 'OpaqueRef:s3']);
  assert.match(reply.toString(), /done by OpaqueRef:s3/);
});

test('call --xml on a TTY stdin is a usage error; with a method too', async () => {
  assert.equal((await runCli(['call', '--xml'], { isTTY: true })).code, 2);
  assert.equal((await runCli(['call', '--xml', 'VM.get_all'], { stdin: 'x' })).code, 2);
  assert.equal((await runCli(['call'])).code, 2);
});
