// Hostile numbers and nesting: each is refused (or decoded) at once with a WireError or WireTypeError, never a
// crash (a RangeError out of a regexp) nor minutes of backtracking or BigInt parsing. The timeouts only turn a
// regression into a failure instead of a hung test run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXmlRpcCall, decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { decodeJsonRpcRequest, decodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { toTyped } from '../../src/wire/typed.js';
import { WireError, WireTypeError } from '../../src/wire/errors.js';
import { getModel } from '../../src/model/index.js';
import type { XenStruct, XenType, XenValue } from '../../src/model/types.js';

const INT: XenType = { kind: 'int' };
const FLOAT: XenType = { kind: 'float' };
const HANG_GUARD = { timeout: 30_000 };

function xmlParam(valueXml: string): XenValue {
  return decodeXmlRpcCall(`<methodCall><methodName>m</methodName><params><param>${valueXml}</param></params></methodCall>`).params[0] as XenValue;
}
const wireError = (kind: string) => (e: unknown) => e instanceof WireError && e.kind === kind;
const typeError = (e: unknown) => e instanceof WireTypeError;

test('a long run of digits followed by junk is not a float, and saying so takes no time', HANG_GUARD, () => {
  const model = getModel();
  const junk = `${'1'.repeat(200_000)}x`;
  assert.throws(() => toTyped(model, FLOAT, junk, 'x'), typeError);
  assert.throws(() => xmlParam(`<value><double>${junk}</double></value>`), wireError('malformed'));
  // Ordinary spellings still read.
  for (const [text, n] of [['1', 1], ['1.', 1], ['1.5', 1.5], ['.5', 0.5], ['-2e3', -2000], [' 7.25 ', 7.25]] as const) {
    assert.equal(toTyped(model, FLOAT, text, 'x'), n, text);
    assert.equal(xmlParam(`<value><double>${text}</double></value>`), n, text);
  }
  assert.throws(() => toTyped(model, FLOAT, '1.2.3', 'x'), typeError);
});

test('ints: 64-bit values only, and a huge digit run is refused instead of parsed for seconds', HANG_GUARD, () => {
  const model = getModel();
  assert.equal(toTyped(model, INT, '-9223372036854775808', 'x'), -(2n ** 63n));
  assert.equal(toTyped(model, INT, '18446744073709551615', 'x'), 2n ** 64n - 1n);
  assert.equal(toTyped(model, INT, `${'0'.repeat(60)}7`, 'x'), 7n);
  for (const raw of ['18446744073709551616', '-9223372036854775809', '1'.repeat(5_000_000), 2n ** 64n, 1e30] as XenValue[]) {
    assert.throws(() => toTyped(model, INT, raw, 'x'), typeError, String(raw).slice(0, 30));
  }
  assert.throws(() => xmlParam(`<value><i8>${'9'.repeat(1000)}</i8></value>`), wireError('malformed'));
  assert.throws(() => xmlParam(`<value><int>${'9'.repeat(5_000_000)}</int></value>`), wireError('malformed'));
  assert.equal(xmlParam('<value><i8>-9223372036854775808</i8></value>'), -(2n ** 63n));
});

test('JSON: millions of digits make no RangeError; beyond 40 digits a literal is a float that no int accepts', HANG_GUARD, () => {
  const model = getModel();
  const huge = decodeJsonRpcRequest(`{"method":"m","params":[${'1'.repeat(10_000_000)}],"id":1}`);
  assert.equal(typeof huge.params[0], 'number');
  assert.throws(() => toTyped(model, INT, huge.params[0] as XenValue, 'x'), typeError);
  const big = Buffer.from(`{"result":{"a":${'7'.repeat(3_000_000)},"pad":"${'p'.repeat(1 << 20)}"},"error":null,"id":1}`);
  const env = decodeJsonRpcResponse(big);
  assert.ok(env.ok && typeof (env.value as XenStruct)['a'] === 'number');
  // Up to 40 digits stay exact (raw), as before.
  const exact = decodeJsonRpcRequest(`{"method":"m","params":[${'9'.repeat(40)},-18446744073709551615],"id":1}`);
  assert.deepEqual(exact.params, [BigInt('9'.repeat(40)), -18446744073709551615n]);
});

test('JSON nested too deep fails as a limit at once, in big bodies of every shape', HANG_GUARD, () => {
  const pad = `"pad":"${'p'.repeat(1 << 20)}"`;
  const bodies = [
    '['.repeat(5_000_000), // not even an object: the whole-text path
    `{"result":${'['.repeat(5_000_000)}`, // unterminated, from the member-by-member path
    `{${pad},"result":{"a":${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}},"id":1}`, // well-formed, deep
  ];
  for (const body of bodies) {
    assert.throws(() => decodeJsonRpcResponse(Buffer.from(body)), wireError('limit'), body.slice(0, 30));
    assert.throws(() => decodeJsonRpcRequest(Buffer.from(body)), wireError('limit'), body.slice(0, 30));
    assert.throws(() => decodeJsonRpcResponse(body), wireError('limit'), body.slice(0, 30));
  }
  // Brackets inside strings are not nesting.
  const text = `{"result":"${'['.repeat(1 << 20)}","error":null,"id":1}`;
  assert.deepEqual(decodeJsonRpcResponse(Buffer.from(text)), { ok: true, value: '['.repeat(1 << 20) });
  assert.deepEqual(decodeJsonRpcResponse(text), { ok: true, value: '['.repeat(1 << 20) });
});

test('a struct of thousands of distinct members (a big map) decodes whole, next to records sharing a shape', () => {
  const map: Record<string, XenValue> = {};
  for (let i = 0; i < 5000; i++) map[`key${i}`] = `v${i}`;
  const rec = (n: number): Record<string, XenValue> => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, `${n}-${i}`]));
  const value = { map, a: rec(1), b: rec(2), again: { ...map, key0: 'changed' } };
  const env = decodeXmlRpcResponse(encodeXmlRpcResponse({ ok: true, value }));
  assert.deepEqual(env, { ok: true, value });
});
