import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUrl } from '../../src/config/url.js';
import { TransportError } from '../../src/transport/errors.js';
import { localTransport, type LocalChannel, type LocalRpcHandler } from '../../src/transport/local.js';
import { openTransport } from '../../src/transport/open.js';

function handler(log: string[]): LocalRpcHandler {
  return {
    async handleXmlRpc(body: string, channel: LocalChannel) {
      log.push(`xml ${channel.kind} ${body}`);
      if (body === 'boom') throw new Error('malformed call');
      if (body === 'stream') return (async function* () { yield '<a>'; yield Buffer.from('</a>'); })();
      return `<reply>${body}</reply>`;
    },
    async handleJsonRpc(body: string, channel: LocalChannel) {
      log.push(`json ${channel.kind} ${body}`);
      return Buffer.from(`{"r":${body}}`);
    },
  };
}

test('the in-process transport hands bodies to the handler and collects replies of every shape', async () => {
  const log: string[] = [];
  const t = localTransport(handler(log));
  assert.equal(t.kind, 'local');
  assert.equal(t.delegated, true);
  assert.equal(t.offersJson, true);
  assert.equal((await t.rpc('x', 'xmlrpc')).toString(), '<reply>x</reply>');
  assert.equal((await t.rpc('1', 'jsonrpc')).toString(), '{"r":1}');
  assert.equal((await t.rpc('stream', 'xmlrpc')).toString(), '<a></a>');
  await assert.rejects(t.rpc('boom', 'xmlrpc'), (e: unknown) => e instanceof TransportError && e.code === 'PROTOCOL' && /malformed call/.test(e.message));
  assert.deepEqual(log, ['xml local x', 'json local 1', 'xml local stream', 'xml local boom']);
});

test('openTransport starts the embedded server on the state directory and stops it on close', async () => {
  const opened: string[] = [];
  let closed = 0;
  const t = await openTransport(parseUrl('local:/srv/state'), {
    openLocal: async (dir) => {
      opened.push(dir);
      return { handler: handler([]), close: async () => { closed += 1; } };
    },
  });
  assert.deepEqual(opened, ['/srv/state']);
  assert.equal((await t.rpc('y', 'xmlrpc')).toString(), '<reply>y</reply>');
  await t.close();
  await t.close();
  assert.equal(closed, 1);
  await assert.rejects(t.rpc('y', 'xmlrpc'), TransportError);
  await assert.rejects(openTransport(parseUrl('local:/x')), (e: unknown) => e instanceof TransportError && e.code === 'UNSUPPORTED');
});

test('an aborted in-process call rejects without waiting for the handler', async () => {
  const t = localTransport({
    handleXmlRpc: () => new Promise(() => undefined),
    handleJsonRpc: () => new Promise(() => undefined),
  });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 10);
  await assert.rejects(t.rpc('x', 'jsonrpc', { signal: ac.signal }), (e: unknown) => e instanceof TransportError && e.code === 'ABORT_ERR');
});
