// Deterministic mutations of valid documents: every decoder either decodes or throws a WireError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXmlRpcCall, decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcCall, encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { decodeJsonRpcRequest, decodeJsonRpcResponse, encodeJsonRpcRequest, encodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { WireError } from '../../src/wire/errors.js';
import type { XenValue } from '../../src/model/types.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SAMPLE: XenValue = {
  uuid: 'b1c2-é€', power_state: 'Running', memory: 17179869184n, big: 2n ** 63n - 1n, ratio: 0.25, on: true,
  when: new Date(Date.UTC(2025, 2, 19)), vbds: ['OpaqueRef:a', 'OpaqueRef:b'], other: { 'a&b': '<x>', '__proto__': 'p' },
  nested: [[{ k: [] }]], empty: '',
};

const SPECIAL = [...'<>/&"\';:[]{},\\!?-'].map((c) => c.charCodeAt(0)).concat([0x00, 0x80, 0xc3, 0xff, 0x20, 0x0a]);

function mutate(doc: Buffer, rnd: () => number): Buffer {
  const pick = (n: number) => Math.floor(rnd() * n);
  const out = Buffer.from(doc);
  switch (pick(6)) {
    case 0: { // byte flips
      const flips = 1 + pick(4);
      for (let i = 0; i < flips; i++) out[pick(out.length)] = rnd() < 0.5 ? pick(256) : (SPECIAL[pick(SPECIAL.length)] as number);
      return out;
    }
    case 1: // truncation
      return out.subarray(0, pick(out.length));
    case 2: { // duplicate a random slice somewhere else (tag duplication)
      const a = pick(out.length);
      const b = Math.min(out.length, a + pick(80));
      const at = pick(out.length);
      return Buffer.concat([out.subarray(0, at), out.subarray(a, b), out.subarray(at)]);
    }
    case 3: { // delete a range
      const a = pick(out.length);
      return Buffer.concat([out.subarray(0, a), out.subarray(Math.min(out.length, a + 1 + pick(40)))]);
    }
    case 4: { // insert random bytes
      const at = pick(out.length);
      const junk = Buffer.from(Array.from({ length: 1 + pick(8) }, () => (rnd() < 0.5 ? pick(256) : (SPECIAL[pick(SPECIAL.length)] as number))));
      return Buffer.concat([out.subarray(0, at), junk, out.subarray(at)]);
    }
    default: { // deep nesting around a value
      const depth = 10 + pick(200);
      const text = doc.toString('utf8');
      const json = text.startsWith('{');
      const open = json ? '['.repeat(depth) : '<value><array><data>'.repeat(depth);
      const close = json ? ']'.repeat(depth) : '</data></array></value>'.repeat(depth);
      const anchor = json ? text.indexOf('"uuid"') + 7 : text.indexOf('<value>b1c2');
      const end = json ? text.indexOf(',', anchor) : text.indexOf('</value>', anchor) + 8;
      return Buffer.from(text.slice(0, anchor) + open + text.slice(anchor, end) + close + text.slice(end));
    }
  }
}

function survive(decode: (b: Buffer) => unknown, seeds: Buffer[], count: number, seed: number): { decoded: number; rejected: number } {
  const rnd = prng(seed);
  let decoded = 0;
  let rejected = 0;
  for (let i = 0; i < count; i++) {
    const input = mutate(seeds[i % seeds.length] as Buffer, rnd);
    try {
      decode(input);
      decoded++;
    } catch (e) {
      if (!(e instanceof WireError)) assert.fail(`not a WireError (${String(e)}) for input ${JSON.stringify(input.toString('latin1'))}`);
      rejected++;
    }
  }
  return { decoded, rejected };
}

test('XML-RPC decoders survive 3000 mutations', () => {
  const calls = [Buffer.from(encodeXmlRpcCall('VM.set_other_config', ['OpaqueRef:s', SAMPLE])),
    Buffer.from('<?xml version="1.0"?>\n<methodCall>\n<methodName>x</methodName>\n<params>\n<param>\n<value><string>a &amp; b</string></value>\n</param>\n<param><value><i4>7</i4></value></param>\n</params>\n</methodCall>\n')];
  const responses = [Buffer.from(encodeXmlRpcResponse({ ok: true, value: SAMPLE })),
    Buffer.from(encodeXmlRpcResponse({ ok: false, error: ['VM_BAD_POWER_STATE', 'OpaqueRef:a', 'halted'] }))];
  const c = survive((b) => decodeXmlRpcCall(b), calls, 1500, 1);
  const r = survive((b) => decodeXmlRpcResponse(b), responses, 1500, 2);
  assert.ok(c.rejected > 500 && r.rejected > 500, JSON.stringify({ c, r }));
  assert.ok(c.decoded > 10 && r.decoded > 10, JSON.stringify({ c, r }));
});

test('JSON-RPC decoders survive 2000 mutations', () => {
  const requests = [Buffer.from(encodeJsonRpcRequest('VM.set_other_config', ['OpaqueRef:s', SAMPLE], 1)),
    Buffer.from('{"method":"m","params":["12345678901234567890 \\" x",12345678901234567890],"id":"a"}')];
  const responses = [Buffer.from(encodeJsonRpcResponse({ ok: true, value: SAMPLE }, 1, true)),
    Buffer.from(encodeJsonRpcResponse({ ok: false, error: ['E', 'p'] }, 'x', false))];
  const q = survive((b) => decodeJsonRpcRequest(b), requests, 1000, 3);
  const r = survive((b) => decodeJsonRpcResponse(b), responses, 1000, 4);
  assert.ok(q.rejected > 300 && r.rejected > 300, JSON.stringify({ q, r }));
  assert.ok(q.decoded > 10 && r.decoded > 10, JSON.stringify({ q, r }));
});

test('JSON-RPC bodies of a megabyte and more (parsed member by member from their bytes) survive 60 mutations', () => {
  const records: Record<string, XenValue> = {};
  for (let i = 0; i < 4500; i++) records[`OpaqueRef:${i}`] = { ...(SAMPLE as Record<string, XenValue>), uuid: `u-${i}` };
  const requests = [Buffer.from(encodeJsonRpcRequest('VM.set_other_config', ['OpaqueRef:s', records], 1))];
  const responses = [Buffer.from(encodeJsonRpcResponse({ ok: true, value: records }, 1, false))];
  assert.ok((requests[0] as Buffer).length > 1024 * 1024 && (responses[0] as Buffer).length > 1024 * 1024);
  const q = survive((b) => decodeJsonRpcRequest(b), requests, 30, 5);
  const r = survive((b) => decodeJsonRpcResponse(b), responses, 30, 6);
  assert.ok(q.rejected > 5 && r.rejected > 5, JSON.stringify({ q, r }));
});
