import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeXmlRpcBare, encodeXmlRpcCall, encodeXmlRpcResponse, encodeXmlRpcResponseBytes, writeXmlRpcResponse, xmlRpcMemo,
  xmlRpcResponsePieces,
} from '../../src/wire/xmlrpc-encode.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import type { XenValue } from '../../src/model/types.js';

const OK_HEAD = '<methodResponse><params><param><value><struct><member><name>Status</name><value>Success</value></member><member><name>Value</name>';
const OK_TAIL = '</member></struct></value></param></params></methodResponse>';

function ok(value: XenValue): string {
  const xml = encodeXmlRpcResponse({ ok: true, value });
  assert.ok(xml.startsWith(OK_HEAD) && xml.endsWith(OK_TAIL), xml);
  return xml.slice(OK_HEAD.length, xml.length - OK_TAIL.length);
}

test('strings are untyped values with & < > " escaped and control characters dropped', () => {
  assert.equal(ok('Running'), '<value>Running</value>');
  assert.equal(ok(''), '<value></value>');
  assert.equal(ok('a&b<c>d"e\'f'), '<value>a&amp;b&lt;c&gt;d&quot;e\'f</value>');
  assert.equal(ok('t\tl\nr\r\u0000\u0001\u001b\u001fé€😀'), '<value>t\tl\nr\ré€😀</value>');
});

test('ints (bigint) are untyped decimal values, also beyond 2^53', () => {
  assert.equal(ok(1073741824n), '<value>1073741824</value>');
  assert.equal(ok(-1n), '<value>-1</value>');
  assert.equal(ok(18446744073709551615n), '<value>18446744073709551615</value>');
});

test('doubles are written like C printf %.16g', () => {
  const cases: [number, string][] = [
    [1, '1'], [1.5, '1.5'], [0.1, '0.1'], [-2.25, '-2.25'], [0, '0'], [1e20, '1e+20'], [1e16, '1e+16'],
    [1234567890123456, '1234567890123456'], [0.0001, '0.0001'], [0.00001, '1e-05'], [1 / 3, '0.3333333333333333'],
    [2 / 3, '0.6666666666666666'], [123.456, '123.456'], [1.7976931348623157e308, '1.797693134862316e+308'],
    [5e-324, '4.940656458412465e-324'], [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'], [0.1 + 0.2, '0.3'],
    [12345678.9, '12345678.9'], [99999999999999999, '1e+17'],
  ];
  for (const [x, s] of cases) assert.equal(ok(x), `<value><double>${s}</double></value>`, String(x));
});

test('booleans, datetimes, arrays and structs', () => {
  assert.equal(ok(true), '<value><boolean>1</boolean></value>');
  assert.equal(ok(false), '<value><boolean>0</boolean></value>');
  assert.equal(ok(new Date(Date.UTC(2025, 2, 19, 4, 16, 24, 900))), '<value><dateTime.iso8601>20250319T04:16:24Z</dateTime.iso8601></value>');
  assert.equal(ok(new Date(0)), '<value><dateTime.iso8601>19700101T00:00:00Z</dateTime.iso8601></value>');
  assert.equal(ok([]), '<value><array><data></data></array></value>');
  assert.equal(ok(['a', 1n]), '<value><array><data><value>a</value><value>1</value></data></array></value>');
  assert.equal(ok({}), '<value><struct></struct></value>');
  assert.equal(ok({ 'k<': 'v', n: { x: true } }),
    '<value><struct><member><name>k&lt;</name><value>v</value></member><member><name>n</name><value><struct><member><name>x</name><value><boolean>1</boolean></value></member></struct></value></member></struct></value>');
});

test('a failure is Status=Failure with ErrorDescription as an array of strings', () => {
  assert.equal(encodeXmlRpcResponse({ ok: false, error: ['VM_BAD_POWER_STATE', 'OpaqueRef:a', 'halted', 'running'] }),
    '<methodResponse><params><param><value><struct><member><name>Status</name><value>Failure</value></member><member><name>ErrorDescription</name><value><array><data><value>VM_BAD_POWER_STATE</value><value>OpaqueRef:a</value><value>halted</value><value>running</value></data></array></value></member></struct></value></param></params></methodResponse>');
});

test('bare responses and calls', () => {
  assert.equal(encodeXmlRpcBare(['VM.start']), '<methodResponse><params><param><value><array><data><value>VM.start</value></data></array></value></param></params></methodResponse>');
  assert.equal(encodeXmlRpcCall('VM.start', ['OpaqueRef:s', false, true]),
    '<?xml version="1.0"?><methodCall><methodName>VM.start</methodName><params><param><value>OpaqueRef:s</value></param><param><value><boolean>0</boolean></value></param><param><value><boolean>1</boolean></value></param></params></methodCall>');
  assert.equal(encodeXmlRpcCall('session.logout', []), '<?xml version="1.0"?><methodCall><methodName>session.logout</methodName><params></params></methodCall>');
});

test('the streaming writer emits ~64 KB chunks that join to the whole document', () => {
  const rows: XenValue[] = [];
  for (let i = 0; i < 5000; i++) rows.push({ uuid: `u-${i}`, n: BigInt(i), d: i / 7, on: i % 2 === 0 });
  const chunks: string[] = [];
  writeXmlRpcResponse({ ok: true, value: rows }, (c) => chunks.push(c));
  assert.ok(chunks.length > 5, `only ${chunks.length} chunks`);
  for (const c of chunks.slice(0, -1)) assert.ok(c.length >= 64 * 1024 && c.length < 66 * 1024, String(c.length));
  const whole = chunks.join('');
  assert.equal(whole, encodeXmlRpcResponse({ ok: true, value: rows }));
  const back = decodeXmlRpcResponse(whole);
  assert.ok(back.ok);
  assert.deepEqual((back.value as XenValue[])[4999], { uuid: 'u-4999', n: '4999', d: 4999 / 7, on: false });
});

test('a memo kept across documents (as a server keeps one) changes no byte, also once it has filled up and started over', () => {
  const memo = xmlRpcMemo();
  const many: Record<string, XenValue> = {};
  for (let i = 0; i < 5000; i++) many[`OpaqueRef:${i}`] = { name_label: `vm${i}`, 'a&b': '<x>' };
  const docs: XenValue[] = [many, { name_label: 'web01', 'a&b': 'c' }, many, { name_label: 'other', 'OpaqueRef:7': 1n }];
  for (const value of docs) {
    const alone = encodeXmlRpcResponse({ ok: true, value });
    const pieces = [...xmlRpcResponsePieces({ ok: true, value }, 64 * 1024, memo)].flat();
    assert.equal(Buffer.concat(pieces).toString('utf8'), alone);
    assert.equal(encodeXmlRpcResponseBytes({ ok: true, value }, memo).toString('utf8'), alone);
    assert.ok(memo.size <= 4096);
  }
});
