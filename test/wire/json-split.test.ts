// A big JSON-RPC body is parsed from its bytes a member at a time (json-split.ts): it must give exactly what the
// whole-text parse gives (exact integers, nulls, odd keys, escapes), and fall back to it for anything odd.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { parseJsonExact } from '../../src/wire/json-exact.js';
import { parseJsonObjectBytes } from '../../src/wire/json-split.js';
import { WireError } from '../../src/wire/errors.js';

const MAX_DEPTH = 64;
const BIG = 1024 * 1024;

/** A record with the awkward parts: long and negative integers, nulls, escapes, nested maps, a `__proto__` key. */
function record(i: number): string {
  return `{"uuid":"u-${i}","n":${i},"big":${9007199254740993n + BigInt(i)},"neg":-9223372036854775808,` +
    `"f":1.5e3,"digits":"12345678901234567890","nul":null,"list":[1,null,"x\\"y",12345678901234567890],` +
    `"map":{"k\\u00e9":"v\\\\","a":null,"__proto__":"p"},"esc":"tab\\tquote\\"\\\\","t":true,"e":[],"o":{},` +
    `"pad":"${'x'.repeat(200)}"}`;
}

function bigReply(n: number, resultKey = (i: number) => `OpaqueRef:${i}`): string {
  const members: string[] = [];
  for (let i = 0; i < n; i++) members.push(`${JSON.stringify(resultKey(i))}:${record(i)}`);
  return `{"jsonrpc":"2.0","result":{${members.join(',')}},"id":12345678901234567890}`;
}

function wholeParse(text: string): unknown {
  return parseJsonExact(text, MAX_DEPTH);
}

test('a big reply parsed from its bytes equals the whole-text parse, exact integers and all', () => {
  const text = bigReply(3000);
  assert.ok(text.length > BIG);
  const split = parseJsonObjectBytes(Buffer.from(text), 0, MAX_DEPTH);
  assert.notEqual(split, undefined);
  assert.deepEqual(split, wholeParse(text));
  const rec = (split?.['result'] as Record<string, Record<string, unknown>>)['OpaqueRef:7'];
  assert.equal(rec?.['big'], 9007199254741000n);
  assert.equal(rec?.['neg'], -9223372036854775808n);
  assert.equal(rec?.['n'], 7);
  assert.equal(rec?.['nul'], '');
  assert.deepEqual(rec?.['list'], [1, '', 'x"y', 12345678901234567890n]);
  const map = rec?.['map'] as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(map), Object.prototype);
  assert.deepEqual(Object.keys(map), ['k\u00e9', 'a', '__proto__']);
  assert.equal(split?.['id'], 12345678901234567890n);
  assert.deepEqual(decodeJsonRpcResponse(Buffer.from(text)), decodeJsonRpcResponse(text));
});

test('top-level nulls stay null (error: null is a success); a null record reads as the empty string', () => {
  const text = `{"result":{"a":null,"b":[${'"x",'.repeat(BIG / 4)}null]},"error":null,"id":1}`;
  const split = parseJsonObjectBytes(Buffer.from(text), 0, MAX_DEPTH);
  assert.equal(split?.['error'], null);
  assert.deepEqual(split, wholeParse(text));
  const env = decodeJsonRpcResponse(Buffer.from(text));
  assert.equal(env.ok, true);
});

test('odd keys: escapes, duplicates (last value, first place), __proto__ and integer-like keys, as JSON.parse has them', () => {
  const pad = `"pad":"${'y'.repeat(BIG)}"`;
  const text = `{"result":{"b":1,"a\\"\\\\q":2,"b":3,"__proto__":{"x":1},"10":4,"2":5,"\\u0041":6},${pad},"id":1}`;
  const split = parseJsonObjectBytes(Buffer.from(text), 0, MAX_DEPTH);
  const whole = wholeParse(text) as Record<string, unknown>;
  assert.deepEqual(split, whole);
  const result = split?.['result'] as Record<string, unknown>;
  assert.deepEqual(Object.keys(result), Object.keys(whole['result'] as object));
  assert.equal(result['b'], 3);
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(result, '__proto__')?.value, { x: 1 });
});

test('arrays and scalars as results, a BOM, whitespace between tokens', () => {
  const refs = Array.from({ length: 30000 }, (_, i) => `"OpaqueRef:${i}"`).join(' ,\n ');
  const text = `\ufeff {\n "result" : [ ${refs} , 12345678901234567891 , -5 , true , null ] ,\n "id" : 2 }\n`;
  assert.notEqual(parseJsonObjectBytes(Buffer.from(text), 3, MAX_DEPTH), undefined);
  const env = decodeJsonRpcResponse(Buffer.from(text));
  assert.deepEqual(env, decodeJsonRpcResponse(text));
  assert.ok(env.ok && Array.isArray(env.value));
  const items = env.ok ? (env.value as unknown[]) : [];
  assert.deepEqual(items.slice(-4), [12345678901234567891n, -5, true, '']);
  const scalar = `{"result":12345678901234567892,"pad":"${'z'.repeat(BIG)}","id":3}`;
  assert.equal(parseJsonObjectBytes(Buffer.from(scalar), 0, MAX_DEPTH)?.['result'], 12345678901234567892n);
});

test('malformed or too deep big bodies fail as the whole-text parse fails; non-objects are left to it', () => {
  const good = bigReply(2000);
  const cases = [
    good.slice(0, -1), // truncated
    `${good.slice(0, -1)},}`, // trailing comma
    good.replace('"n":5,', '"n":5,,'), // inside a record
    good.replace('"uuid":"u-9"', '"uuid":u-9'), // bare word
    `${good}x`, // trailing garbage
    good.replace('{"uuid":"u-3"', '{"uuid":"u-3\u0001"'), // control character in a string
  ];
  for (const text of cases) {
    assert.throws(() => decodeJsonRpcResponse(Buffer.from(text)), (e: unknown) => e instanceof WireError && e.kind === 'malformed');
  }
  const deep = `{"result":${'['.repeat(100)}${']'.repeat(100)},"pad":"${'p'.repeat(BIG)}","id":1}`;
  assert.throws(() => decodeJsonRpcResponse(Buffer.from(deep)), (e: unknown) => e instanceof WireError && e.kind === 'limit');
  assert.equal(parseJsonObjectBytes(Buffer.from(`[${good}]`), 0, MAX_DEPTH), undefined);
  assert.equal(parseJsonObjectBytes(Buffer.from(good.slice(0, -1)), 0, MAX_DEPTH), undefined);
});

test('records parsed one by one share a hidden-class-friendly shape: same keys in the same order', () => {
  const split = parseJsonObjectBytes(Buffer.from(bigReply(2000)), 0, MAX_DEPTH);
  const recs = Object.values(split?.['result'] as Record<string, object>);
  assert.equal(recs.length, 2000);
  assert.deepEqual(Object.keys(recs[0] ?? {}), Object.keys(recs[1999] ?? {}));
});
