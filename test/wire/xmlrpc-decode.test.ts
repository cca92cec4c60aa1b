import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXmlRpcCall, decodeXmlRpcResponse, splitXmlRpcDocuments, splitXmlRpcStream } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall, encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { WireError } from '../../src/wire/errors.js';
import type { XenValue } from '../../src/model/types.js';

function call(paramsXml: string): XenValue[] {
  return decodeXmlRpcCall(`<methodCall><methodName>m</methodName><params>${paramsXml}</params></methodCall>`).params;
}
function one(valueXml: string): XenValue {
  return call(`<param>${valueXml}</param>`)[0] as XenValue;
}
function wireError(kind: string) {
  return (e: unknown) => e instanceof WireError && e.kind === kind;
}

test('untyped values and <string> are strings; empty forms are ""', () => {
  assert.equal(one('<value>text</value>'), 'text');
  assert.equal(one('<value>  spaced  </value>'), '  spaced  ');
  assert.equal(one('<value><string>s</string></value>'), 's');
  assert.equal(one('<value></value>'), '');
  assert.equal(one('<value/>'), '');
  assert.equal(one('<value />'), '');
  assert.equal(one('<value><string/></value>'), '');
  assert.equal(one('<value><string></string></value>'), '');
  assert.equal(one('<value><nil/></value>'), '');
  assert.equal(one('<value>1073741824</value>'), '1073741824');
});

test('typed scalars: ints as bigint, doubles, booleans (exactly 1 is true), datetimes', () => {
  assert.equal(one('<value><i4>42</i4></value>'), 42n);
  assert.equal(one('<value><int>-7</int></value>'), -7n);
  assert.equal(one('<value><i8>18446744073709551615</i8></value>'), 18446744073709551615n);
  assert.equal(one('<value><double>1.5</double></value>'), 1.5);
  assert.equal(one('<value><double>1</double></value>'), 1);
  assert.equal(one('<value><double>-1e+20</double></value>'), -1e20);
  assert.equal(one('<value><double>inf</double></value>'), Infinity);
  assert.ok(Number.isNaN(one('<value><double>nan</double></value>')));
  assert.equal(one('<value><boolean>1</boolean></value>'), true);
  assert.equal(one('<value><boolean>0</boolean></value>'), false);
  assert.equal(one('<value><boolean>true</boolean></value>'), false);
  const when = Date.UTC(2025, 2, 19, 4, 16, 24);
  for (const text of ['20250319T04:16:24Z', '2025-03-19T04:16:24Z', '20250319T04:16:24', '2025-03-19T06:16:24+02:00', '2025-03-19T04:16:24.000Z']) {
    assert.deepEqual(one(`<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`), new Date(when), text);
  }
  assert.equal(one('<value><base64>aMOpbGxv</base64></value>'), 'héllo');
});

test('arrays and structs, with whitespace between tags', () => {
  assert.deepEqual(one('<value><array><data/></array></value>'), []);
  assert.deepEqual(one('<value><array><data></data></array></value>'), []);
  assert.deepEqual(one('<value>\n <array>\n  <data>\n   <value>a</value>\n   <value><int>1</int></value>\n  </data>\n </array>\n</value>'), ['a', 1n]);
  assert.deepEqual(one('<value><struct/></value>'), {});
  assert.deepEqual(one('<value><struct>\n<member>\n<name>k</name>\n<value><string>v</string></value>\n</member>\n</struct></value>'), { k: 'v' });
  assert.deepEqual(one('<value><struct><member><name/><value/></member></struct></value>'), { '': '' });
});

test('entity references, CDATA, comments and the XML declaration', () => {
  assert.equal(one('<value>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;</value>'), '<>&"\'AB😀');
  assert.equal(one('<value>a<![CDATA[<b>&amp;]]>c</value>'), 'a<b>&amp;c');
  assert.equal(one('<value><![CDATA[]]></value>'), '');
  assert.equal(one('<value>a<!-- note -->b</value>'), 'ab');
  assert.equal(one('<value>é€😀 ünïcödé</value>'), 'é€😀 ünïcödé');
  // XML reads CR LF and lone CR as LF (as expat and xapi's parser do); a character reference keeps a CR
  assert.equal(one('<value>a\r\nb\rc&#13;d</value>'), 'a\nb\nc\rd');
  const long = 'x'.repeat(100);
  assert.equal(one(`<value>${long}\r\n${long}&amp;${long}\r</value>`), `${long}\n${long}&${long}\n`);
  assert.equal(one('<value><![CDATA[a\r\nb]]></value>'), 'a\nb');
  const doc = '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<methodCall><methodName>x</methodName><params/></methodCall>\n';
  assert.deepEqual(decodeXmlRpcCall(doc), { method: 'x', params: [] });
  assert.deepEqual(decodeXmlRpcCall(Buffer.from(doc)), { method: 'x', params: [] });
  for (const bad of ['&bogus;', '&#0;', '&#xD800;', '&#x110000;', '&', '&lt']) {
    assert.throws(() => one(`<value>${bad}</value>`), wireError('malformed'), bad);
  }
});

test('calls: <params />, <params/>, missing params, bare values (xen-api npm style)', () => {
  for (const params of ['<params />', '<params/>', '<params></params>', '']) {
    assert.deepEqual(decodeXmlRpcCall(`<methodCall><methodName>session.logout</methodName>${params}</methodCall>`), { method: 'session.logout', params: [] });
  }
  const xo = '<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>VM.get_all_records</methodName><params><param><value>OpaqueRef:abc</value></param><param><value><int>3</int></value></param><param><value><nil /></value></param><param><value><array><data /></array></value></param><param><value><struct /></value></param></params></methodCall>';
  assert.deepEqual(decodeXmlRpcCall(xo), { method: 'VM.get_all_records', params: ['OpaqueRef:abc', 3n, '', [], {}] });
});

test('responses unwrap the Status envelope', () => {
  const okXml = encodeXmlRpcResponse({ ok: true, value: { a: ['x'] } });
  assert.deepEqual(decodeXmlRpcResponse(okXml), { ok: true, value: { a: ['x'] } });
  assert.deepEqual(decodeXmlRpcResponse(encodeXmlRpcResponse({ ok: false, error: ['SESSION_INVALID', 'OpaqueRef:x'] })),
    { ok: false, error: ['SESSION_INVALID', 'OpaqueRef:x'] });
  // system.listMethods is not enveloped
  assert.deepEqual(decodeXmlRpcResponse('<methodResponse><params><param><value><array><data><value>VM.start</value></data></array></value></param></params></methodResponse>'),
    { ok: true, value: ['VM.start'] });
  assert.deepEqual(decodeXmlRpcResponse('<methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member></struct></value></param></params></methodResponse>'),
    { ok: true, value: '' });
  assert.deepEqual(decodeXmlRpcResponse('<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>Too many</value></member></struct></value></fault></methodResponse>'),
    { ok: false, error: ['4', 'Too many'] });
});

test('a member named __proto__ is an own property and pollutes nothing', () => {
  const v = one('<value><struct><member><name>__proto__</name><value><struct><member><name>polluted</name><value>yes</value></member></struct></value></member></struct></value>') as Record<string, XenValue>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__']);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  assert.equal((v as Record<string, unknown>)['polluted'], undefined);
  assert.equal(encodeXmlRpcCall('m', [v]).includes('<name>__proto__</name>'), true);
});

test('integers above 2^53 round-trip exactly', () => {
  const big = 2n ** 63n - 1n;
  const env = decodeXmlRpcResponse(encodeXmlRpcResponse({ ok: true, value: [big] }));
  assert.deepEqual(env, { ok: true, value: [String(big)] }); // untyped on the wire, as xapi sends it
  assert.deepEqual(decodeXmlRpcCall(`<methodCall><methodName>m</methodName><params><param><value><i8>${big}</i8></value></param></params></methodCall>`).params, [big]);
});

test('hostile and broken documents fail with a WireError of the right kind', () => {
  assert.throws(() => decodeXmlRpcCall('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><methodCall><methodName>x</methodName></methodCall>'), wireError('forbidden'));
  assert.throws(() => one('<value><!ENTITY a "b"></value>'), wireError('forbidden'));
  const deep = '<value><array><data>'.repeat(100) + '<value>x</value>' + '</data></array></value>'.repeat(100);
  assert.throws(() => call(`<param>${deep}</param>`), wireError('limit'));
  const ok63 = '<value><array><data>'.repeat(63) + '</data></array></value>'.repeat(63);
  assert.doesNotThrow(() => call(`<param>${ok63}</param>`));
  assert.throws(() => decodeXmlRpcResponse('<methodResponse/>'.padEnd(100), { maxBytes: 50 }), wireError('limit'));
  assert.throws(() => decodeXmlRpcResponse(Buffer.from([0x3c, 0xff, 0xfe, 0x3e])), wireError('encoding'));
  const broken = [
    '', 'garbage', '<methodCall>', '<methodCall><methodName>x</methodName><params><param><value>a</param></params></methodCall>',
    '<methodCall><methodName>x</methodName><params><param><value><int>1x</int></value></param></params></methodCall>',
    '<methodCall><methodName>x</methodName><params><param><value><foo>1</foo></value></param></params></methodCall>',
    '<methodCall><methodName>x</methodName></methodCall>trailing', '<methodCall><methodName></methodName></methodCall>',
    '<methodCall><methodName>x</methodName><params><param><value>a<string>b</string></value></param></params></methodCall>',
    '<methodCall><methodName>x</methodName><params><param><value><struct><member><value>v</value></member></struct></value></param></params></methodCall>',
    '<methodCall><methodName>x</methodName><params><param><value><dateTime.iso8601>yesterday</dateTime.iso8601></value></param></params></methodCall>',
    '<methodCall><methodName>x</methodName><!-- unterminated',
  ];
  for (const doc of broken) assert.throws(() => decodeXmlRpcCall(doc), wireError('malformed'), doc);
  assert.throws(() => decodeXmlRpcResponse('<methodResponse><params><param><value>x</value></param></params>'), wireError('malformed'));
});

test('splitXmlRpcDocuments separates back-to-back documents', () => {
  const a = encodeXmlRpcCall('a', ['1']);
  const b = '<methodCall><methodName>b</methodName><params/></methodCall >';
  assert.deepEqual(splitXmlRpcDocuments(`${a}\n\n${b}\n`), [a, b]);
  assert.deepEqual(splitXmlRpcDocuments(`  \n`), []);
  const parts = splitXmlRpcDocuments(`${a}<methodCall><methodName>c`);
  assert.equal(parts.length, 2);
  assert.throws(() => decodeXmlRpcCall(parts[1] as string), wireError('malformed'));
});

test('splitXmlRpcStream keeps an incomplete trailing document for the next read', () => {
  const a = encodeXmlRpcCall('a', []);
  const { documents, rest } = splitXmlRpcStream(`${a}\n<?xml version="1.0"?><methodCall><method`);
  assert.deepEqual(documents, [a]);
  assert.equal(rest, '\n<?xml version="1.0"?><methodCall><method');
  assert.deepEqual(splitXmlRpcStream(`${rest}Name>b</methodName></methodCall>`).documents,
    ['<?xml version="1.0"?><methodCall><methodName>b</methodName></methodCall>']);
});

test('splitXmlRpcStream resumed from where the last chunk ended finds end tags cut by any chunk boundary', () => {
  const docs = [encodeXmlRpcCall('a', ['x']), '<methodCall><methodName>b</methodName><params/></methodCall  \n >', encodeXmlRpcCall('c', [])];
  const stream = `${docs.join('\n')}\n`;
  for (let size = 1; size <= 40; size++) {
    const found: string[] = [];
    let pending = '';
    for (let at = 0; at < stream.length; at += size) {
      const before = pending.length;
      pending += stream.slice(at, at + size);
      const { documents, rest } = splitXmlRpcStream(pending, before);
      found.push(...documents);
      pending = rest;
    }
    assert.deepEqual(found, docs.map((d) => d.trim()), `chunks of ${size}`);
    assert.equal(pending.trim(), '');
  }
});
