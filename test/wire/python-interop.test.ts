// Real samples from Python's xmlrpc.client (what XenAPI.py uses), and C's %.16g as Python prints it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { requireProgram } from '../helpers/system.js';
import { decodeXmlRpcCall, decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { formatDouble } from '../../src/wire/double.js';

const skip = requireProgram('python3', 'python3');

function python(script: string, input = ''): string {
  const r = spawnSync('python3', ['-c', script], { input, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('decodes calls written by python xmlrpc.client.dumps', { skip }, () => {
  const out = python(String.raw`
import xmlrpc.client, datetime, sys
calls = [
  (('OpaqueRef:abc', 'a<b & "c" \u00e9', 42, 2**31 - 1, True, False, 1.5, [1, 'x', []], {'k': 'v', '__proto__': {'x': 1}}, {}),
   'VM.set_other_config'),
  ((), 'session.logout'),
  ((datetime.datetime(2025, 3, 19, 4, 16, 24),), 'x.when'),
]
for params, name in calls:
  sys.stdout.write(xmlrpc.client.dumps(params, name))
  sys.stdout.write('\x00')
`);
  const docs = out.split('\0').filter((d) => d !== '');
  assert.equal(docs.length, 3);
  assert.ok((docs[0] as string).includes('\n'), 'python puts newlines between tags');
  const first = decodeXmlRpcCall(docs[0] as string);
  assert.equal(first.method, 'VM.set_other_config');
  assert.deepEqual(first.params, [
    'OpaqueRef:abc', 'a<b & "c" é', 42n, 2n ** 31n - 1n, true, false, 1.5, [1n, 'x', []],
    Object.defineProperty({ k: 'v' }, '__proto__', { value: { x: 1n }, enumerable: true, writable: true, configurable: true }), {},
  ]);
  assert.deepEqual(decodeXmlRpcCall(docs[1] as string), { method: 'session.logout', params: [] });
  assert.deepEqual(decodeXmlRpcCall(docs[2] as string).params, [new Date(Date.UTC(2025, 2, 19, 4, 16, 24))]);
});

test('decodes responses written by python (methodresponse=True, and faults)', { skip }, () => {
  const out = python(String.raw`
import xmlrpc.client, sys
sys.stdout.write(xmlrpc.client.dumps(({'Status': 'Success', 'Value': {'name_label': 'vm \u20ac', 'n': 2**31 - 1}},), methodresponse=True))
sys.stdout.write('\x00')
sys.stdout.write(xmlrpc.client.dumps(xmlrpc.client.Fault(3, 'bad'), methodresponse=True))
`);
  const [okDoc, faultDoc] = out.split('\0') as [string, string];
  assert.deepEqual(decodeXmlRpcResponse(okDoc), { ok: true, value: { name_label: 'vm €', n: 2147483647n } });
  assert.deepEqual(decodeXmlRpcResponse(faultDoc), { ok: false, error: ['3', 'bad'] });
});

test('python xmlrpc.client.loads reads what we write', { skip }, () => {
  const xml = encodeXmlRpcResponse({ ok: true, value: { s: 'a&<>"\u00e9', i: 2n ** 62n, d: 0.1, b: true, t: new Date(0), a: ['x'] } });
  const out = python(String.raw`
import xmlrpc.client, sys, json
v = xmlrpc.client.loads(sys.stdin.read())[0][0]['Value']
print(json.dumps([v['s'], v['i'], v['d'], v['b'], str(v['t']), v['a']]))
`, xml);
  assert.deepEqual(JSON.parse(out), ['a&<>"é', String(2n ** 62n), 0.1, true, '19700101T00:00:00Z', ['x']]);
});

test('formatDouble matches C printf %.16g on many doubles', { skip }, () => {
  const xs: number[] = [];
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const buf = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < 2000; i++) {
    buf.setUint32(0, (rnd() * 2 ** 32) >>> 0);
    buf.setUint32(4, (rnd() * 2 ** 32) >>> 0);
    const x = buf.getFloat64(0);
    if (Number.isFinite(x)) xs.push(x);
    xs.push((rnd() - 0.5) * 10 ** Math.floor(rnd() * 40 - 20), Math.round(rnd() * 1e6) / 100);
  }
  xs.push(1234567890123456.5, 0.5, 2.5, 1e-5, 1e-4, 9.999999999999999e15, 1e16);
  const out = python(String.raw`
import sys
for line in sys.stdin:
  print('%.16g' % float(line))
`, xs.map((x) => x.toPrecision(17)).join('\n'));
  const expected = out.trim().split('\n');
  const mismatches = xs.map((x, i) => [x, formatDouble(x), expected[i]]).filter(([, a, b]) => a !== b);
  assert.deepEqual(mismatches.slice(0, 5), []);
});
