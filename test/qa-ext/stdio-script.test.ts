// serve --stdio with a file of calls in the delegated session (empty session argument) runs them as a script:
// each starts when the one before has finished, so a shutdown followed by a start works (they ran side by side and
// the start failed with OTHER_OPERATION_IN_PROGRESS). Replies stay one per call, in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serveStdio } from '../../src/server/stdio.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { startDemoServer } from '../helpers/cli.js';

async function* chunks(text: string): AsyncGenerator<string> {
  yield text;
}

test('a file of calls with an empty session runs in order: clean_shutdown then start then get_power_state', async () => {
  const server = startDemoServer();
  const web02 = server.demo.vms.get('web02') ?? '';
  const file = [
    encodeXmlRpcCall('VM.clean_shutdown', ['', web02]),
    encodeXmlRpcCall('VM.start', ['', web02, false, false]),
    encodeXmlRpcCall('VM.get_power_state', ['', web02]),
  ].join('\n');
  let out = '';
  const fe = serveStdio(server.xapi, chunks(file), { write: (c: string) => (out += c) });
  await fe.done;
  const replies = out.trim().split('\n').map((l) => decodeXmlRpcResponse(l));
  assert.equal(replies.length, 3);
  assert.deepEqual(replies.map((r) => (r.ok ? r.value : r.error)), ['', '', 'Running']);
});
