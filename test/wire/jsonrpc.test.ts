import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeJsonRpcRequest, decodeJsonRpcResponse, encodeJsonRpcRequest, encodeJsonRpcResponse, writeJsonRpcResponse,
} from '../../src/wire/jsonrpc.js';
import { WireError } from '../../src/wire/errors.js';
import type { XenValue } from '../../src/model/types.js';

function wireError(kind: string) {
  return (e: unknown) => e instanceof WireError && e.kind === kind;
}

test('v1 and v2 requests decode; v2 object params become one struct argument', () => {
  assert.deepEqual(decodeJsonRpcRequest('{"method":"VM.start","params":["s",false,true],"id":1}'),
    { method: 'VM.start', params: ['s', false, true], id: 1, v2: false });
  assert.deepEqual(decodeJsonRpcRequest(Buffer.from('{"jsonrpc":"2.0","method":"m","params":{"a":1},"id":"x"}')),
    { method: 'm', params: [{ a: 1 }], id: 'x', v2: true });
  assert.deepEqual(decodeJsonRpcRequest('{"jsonrpc":"2.0","method":"m","id":0}').params, []);
});

test('malformed requests: batch, missing or bad id, bad method or params, bad JSON, bad UTF-8', () => {
  const bad = [
    '[{"method":"m","params":[],"id":1}]', '{"method":"m","params":[]}', '{"method":"m","params":[],"id":null}',
    '{"method":"m","params":[],"id":1.5}', '{"method":"m","params":[],"id":{}}', '{"params":[],"id":1}',
    '{"method":7,"params":[],"id":1}', '{"method":"m","params":{"a":1},"id":1}', '{"method":"m","params":"x","id":1}',
    '{"method":"m",', '', 'null', '42',
  ];
  for (const doc of bad) assert.throws(() => decodeJsonRpcRequest(doc), wireError('malformed'), doc);
  assert.throws(() => decodeJsonRpcRequest(Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), wireError('encoding'));
  assert.throws(() => decodeJsonRpcRequest('{"method":"m","params":[],"id":1}', { maxBytes: 10 }), wireError('limit'));
  const deep = `{"method":"m","params":${'['.repeat(100)}${']'.repeat(100)},"id":1}`;
  assert.throws(() => decodeJsonRpcRequest(deep), wireError('limit'));
});

test('integers beyond 2^53 are exact bigints; within range they are numbers', () => {
  const doc = '{"method":"m","params":[9007199254740993,-9223372036854775808,18446744073709551615,9007199254740991,' +
    '1234567890123456789.5,12345678901234567e2,"12345678901234567890",{"k":[99999999999999999999]}],"id":1}';
  assert.deepEqual(decodeJsonRpcRequest(doc).params, [
    9007199254740993n, -9223372036854775808n, 18446744073709551615n, 9007199254740991, 1234567890123456789.5,
    12345678901234567e2, '12345678901234567890', { k: [99999999999999999999n] },
  ]);
  // digits inside strings, escaped quotes and backslashes do not confuse the pre-pass
  const tricky = '{"method":"m","params":["a\\"12345678901234567890\\\\",12345678901234567890,"\\\\\\"x:12345678901234567890,"],"id":1}';
  assert.deepEqual(decodeJsonRpcRequest(tricky).params, ['a"12345678901234567890\\', 12345678901234567890n, '\\"x:12345678901234567890,']);
  // a string that already starts with the marker character stays a string
  const marked = '{"method":"m","params":["\\udfff12345678901234567890",12345678901234567890],"id":1}';
  assert.deepEqual(decodeJsonRpcRequest(marked).params, ['\udfff12345678901234567890', 12345678901234567890n]);
});

test('responses encode exactly as xapi writes them (v1 and v2)', () => {
  const value: XenValue = { n: 2n ** 64n, d: 1.5, b: true, t: new Date(0), s: 'é"', a: [] };
  const json = '{"n":18446744073709551616,"d":1.5,"b":true,"t":"19700101T00:00:00Z","s":"é\\"","a":[]}';
  assert.equal(encodeJsonRpcResponse({ ok: true, value }, 7, false), `{"result":${json},"error":null,"id":7}`);
  assert.equal(encodeJsonRpcResponse({ ok: true, value }, 'x', true), `{"jsonrpc":"2.0","result":${json},"id":"x"}`);
  const error = ['VM_BAD_POWER_STATE', 'OpaqueRef:a', 'halted', 'running'];
  assert.equal(encodeJsonRpcResponse({ ok: false, error }, 7, false),
    '{"result":null,"error":["VM_BAD_POWER_STATE","OpaqueRef:a","halted","running"],"id":7}');
  assert.equal(encodeJsonRpcResponse({ ok: false, error }, 7, true),
    '{"jsonrpc":"2.0","error":{"code":1,"message":"VM_BAD_POWER_STATE","data":["OpaqueRef:a","halted","running"]},"id":7}');
});

test('responses and requests round-trip', () => {
  const value: XenValue = { big: 2n ** 63n - 1n, small: 5n, list: ['a', { x: false }] };
  for (const v2 of [false, true]) {
    assert.deepEqual(decodeJsonRpcResponse(encodeJsonRpcResponse({ ok: true, value }, 1, v2)),
      { ok: true, value: { big: 2n ** 63n - 1n, small: 5, list: ['a', { x: false }] } });
    assert.deepEqual(decodeJsonRpcResponse(encodeJsonRpcResponse({ ok: false, error: ['E', 'p'] }, 1, v2)), { ok: false, error: ['E', 'p'] });
    assert.deepEqual(decodeJsonRpcResponse(encodeJsonRpcResponse({ ok: false, error: ['E'] }, 1, v2)), { ok: false, error: ['E'] });
  }
  const req = encodeJsonRpcRequest('VM.get_all_records', ['OpaqueRef:s', 2n ** 60n], 'id-1');
  assert.equal(req, '{"jsonrpc":"2.0","method":"VM.get_all_records","params":["OpaqueRef:s",1152921504606846976],"id":"id-1"}');
  assert.deepEqual(decodeJsonRpcRequest(req), { method: 'VM.get_all_records', params: ['OpaqueRef:s', 2n ** 60n], id: 'id-1', v2: true });
  assert.deepEqual(decodeJsonRpcResponse('{"result":null,"error":null,"id":1}'), { ok: true, value: '' });
  assert.throws(() => decodeJsonRpcResponse('{"id":1}'), wireError('malformed'));
});

test('a member named __proto__ stays an own property', () => {
  const p = decodeJsonRpcRequest('{"method":"m","params":[{"__proto__":{"polluted":1}}],"id":1}').params[0] as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(p), Object.prototype);
  assert.deepEqual(Object.keys(p), ['__proto__']);
  assert.equal(p['polluted'], undefined);
});

test('the streaming writer emits ~64 KB chunks', () => {
  const rows: XenValue[] = Array.from({ length: 5000 }, (_, i) => ({ uuid: `u-${i}`, n: BigInt(i) * 2n ** 60n }));
  const chunks: string[] = [];
  writeJsonRpcResponse({ ok: true, value: rows }, 1, true, (c) => chunks.push(c));
  assert.ok(chunks.length > 3);
  const env = decodeJsonRpcResponse(chunks.join(''));
  assert.ok(env.ok);
  assert.deepEqual((env.value as XenValue[])[4999], { uuid: 'u-4999', n: 4999n * 2n ** 60n });
});

test('strings are escaped exactly as JSON.stringify escapes them', () => {
  const tricky = ['plain', 'q"uote', 'back\\slash', 'ctl\u0001\u001f\n\t', 'lone\ud800', 'pair😀', 'é€', 'ls\u2028'];
  const json = encodeJsonRpcRequest('m', tricky, 1);
  assert.equal(json, `{"jsonrpc":"2.0","method":"m","params":${JSON.stringify(tricky)},"id":1}`);
  assert.deepEqual(decodeJsonRpcRequest(json).params, tricky);
});

test('a request with invalid UTF-8 inside a string keeps each stray byte as a lone surrogate (the server answers INVALID_VALUE)', () => {
  const body = Buffer.concat([Buffer.from('\ufeff{"method":"m","params":["a'), Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80]),
    Buffer.from('é€😀"],"id":1}')]);
  assert.deepEqual(decodeJsonRpcRequest(body).params, ['a\udcff\udcc3(\udce2\udc82\udced\udca0\udc80é€😀']);
  // Not a request's string: the response decoder still refuses the body.
  assert.throws(() => decodeJsonRpcResponse(Buffer.concat([Buffer.from('{"result":"'), Buffer.from([0xff]), Buffer.from('","id":1}')])), wireError('encoding'));
});
