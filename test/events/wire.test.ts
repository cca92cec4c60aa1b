// event.from on the wire, as xapi writes it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { encodeXmlRpcCall } from '../../src/wire/xmlrpc-encode.js';
import { requireProgram } from '../helpers/system.js';
import { rawRequest, startTestServer, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

// The XenAPI.py way: snapshot, change, wait for the change.
const PYTHON_CLIENT = String.raw`
import json, sys, xmlrpc.client
url, password, vm = sys.argv[1], sys.argv[2], sys.argv[3]
def unwrap(r):
    if r['Status'] != 'Success':
        raise Exception(r['ErrorDescription'])
    return r['Value']
proxy = xmlrpc.client.ServerProxy(url)
s = unwrap(proxy.session.login_with_password('root', password, '1.0', 'events-test'))
first = unwrap(proxy.event.__getattr__('from')(s, ['vm'], '', 0.1))
unwrap(proxy.VM.set_name_description(s, vm, 'from python'))
second = unwrap(proxy.event.__getattr__('from')(s, ['vm'], first['token'], 5.0))
print(json.dumps({
  'count_type': type(first['valid_ref_counts']['vm']).__name__,
  'count': first['valid_ref_counts']['vm'],
  'snapshot_ops': sorted(set(e['operation'] for e in first['events'])),
  'changes': [[e['operation'], e['ref'], e['snapshot']['name_description']] for e in second['events']],
}))
`;

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${cmd} failed: ${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('event.from over XML-RPC and JSON-RPC', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(async () => {
    s.xapi.close();
    await s.close();
  });

  test('XML-RPC: valid_ref_counts are <i4>, ids and timestamps untyped strings, the timeout a <double>', async () => {
    const body = encodeXmlRpcCall('event.from', [s.session, ['VM'], '', 0.5]);
    assert.match(body, /<double>0\.5<\/double>/);
    const reply = await rawRequest(s.url, 'POST', '/', body, { 'Content-Type': 'text/xml' });
    assert.equal(reply.status, 200);
    assert.match(reply.body, /<member><name>vm<\/name><value><i4>3<\/i4><\/value><\/member>/);
    assert.match(reply.body, /<member><name>task<\/name><value><i4>0<\/i4><\/value><\/member>/);
    assert.match(reply.body, /<member><name>timestamp<\/name><value>0\.0<\/value><\/member>/);
    assert.match(reply.body, /<member><name>id<\/name><value>\d+<\/value><\/member>/);
    assert.match(reply.body, /<member><name>class<\/name><value>vm<\/value><\/member>/);
    assert.match(reply.body, /<member><name>token<\/name><value>\d{20},\d{20}<\/value><\/member>/);
    // Record ints (memory) stay untyped, as xapi writes int64s.
    assert.match(reply.body, /<name>memory_static_max<\/name><value>2147483648<\/value>/);
  });

  test('JSON-RPC: counts are JSON numbers', async () => {
    const req = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'event.from', params: [s.session, ['vm'], '', 0.5] });
    const reply = await rawRequest(s.url, 'POST', '/jsonrpc', req, { 'Content-Type': 'application/json' });
    const parsed = JSON.parse(reply.body) as { result: { valid_ref_counts: Record<string, unknown>; events: { id: unknown }[] } };
    assert.equal(parsed.result.valid_ref_counts['vm'], 3);
    assert.equal(typeof parsed.result.events[0]?.id, 'string');
  });

  test('Python xmlrpc.client: ints for counts, a change seen after the token', { skip: requireProgram('python3', 'python3') }, async () => {
    // Asynchronously: the server answering the script runs in this process's event loop.
    const out = JSON.parse(await run('python3', ['-c', PYTHON_CLIENT, `${s.url}/`, TEST_PASSWORD, s.fixture.db])) as Record<string, unknown>;
    assert.equal(out['count_type'], 'int');
    assert.equal(out['count'], 3);
    assert.deepEqual(out['snapshot_ops'], ['add']);
    assert.deepEqual(out['changes'], [['mod', s.fixture.db, 'from python']]);
  });
});
