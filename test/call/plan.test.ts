// Reading a file of methodCall documents for `call --xml`: the empty session spotted in its usual spellings and
// replaced by the live one (the rest of the document untouched), sessionless calls left alone, Failure replies told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { isFailureReply, readPlan, withSession } from '../../src/cli/commands/call-xml.js';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall, encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';

const S = 'OpaqueRef:11111111-2222-3333-4444-555555555555';

test('the empty session in each spelling is replaced, the other parameters kept byte for byte', () => {
  const tail = '<param><value><i4>7</i4></value></param><param><value><double>1.5</double></value></param></params></methodCall>';
  const spellings = [
    '<value></value>',
    '<value/>',
    '<value><string></string></value>',
    '<value><string/></value>',
  ];
  for (const empty of spellings) {
    const doc = `<?xml version="1.0"?>\n<methodCall><methodName>VM.set_VCPUs_max</methodName><params>\n  <param>${empty}</param>${tail}`;
    const [call] = readPlan(doc, getModel());
    assert.ok(call?.wantsSession, empty);
    const out = withSession(call, S);
    assert.ok(out.endsWith(tail), `${empty}: the rest untouched`);
    assert.deepEqual(decodeXmlRpcCall(out).params, [S, 7n, 1.5]);
  }
});

test('a session already written, or a sessionless call, is left as it is', () => {
  const docs = [encodeXmlRpcCall('VM.get_all', ['OpaqueRef:given']), encodeXmlRpcCall('session.login_with_password', ['', 'pw'])];
  const plan = readPlan(`${docs.join('\n')}\n\n`, getModel());
  assert.deepEqual(plan.map((c) => [c.method, c.wantsSession]), [['VM.get_all', false], ['session.login_with_password', false]]);
  assert.deepEqual(plan.map((c) => c.text), docs);
});

test('an empty first parameter spelt oddly is still replaced (the call re-encoded)', () => {
  const doc = '<methodCall><methodName>VM.get_all</methodName><params><param>\n<value>\n<string></string>\n</value>\n</param></params></methodCall>';
  const [call] = readPlan(doc);
  assert.ok(call?.wantsSession);
  assert.deepEqual(decodeXmlRpcCall(withSession(call, S)).params, [S]);
});

test('isFailureReply tells Failure envelopes from successes', () => {
  assert.equal(isFailureReply(encodeXmlRpcResponse({ ok: false, error: ['HANDLE_INVALID', 'VM', 'x'] })), true);
  assert.equal(isFailureReply(encodeXmlRpcResponse({ ok: true, value: 'Failure' })), false);
  assert.equal(isFailureReply(encodeXmlRpcResponse({ ok: true, value: { Status: 'x' } })), false);
});
