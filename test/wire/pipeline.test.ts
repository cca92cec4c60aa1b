// A full VM record (as in a real xapi database) through both protocols and back to typed values with the real
// datamodel: encode -> decode -> toTyped gives the record we started from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import type { XenType, XenValue } from '../../src/model/types.js';
import { decodeXmlRpcResponse } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { decodeJsonRpcResponse, encodeJsonRpcResponse } from '../../src/wire/jsonrpc.js';
import { toTyped } from '../../src/wire/typed.js';
import { makeVmRecord, vmRef } from '../../bench/fixtures/vm-records.js';

const ALL: XenType = { kind: 'map', key: { kind: 'ref', cls: 'VM' }, value: { kind: 'record', cls: 'VM' } };

test('VM.get_all_records survives XML-RPC and JSON-RPC and comes back typed', () => {
  const model = getModel();
  const records: Record<string, XenValue> = {};
  for (let i = 0; i < 20; i++) records[vmRef(i)] = makeVmRecord(i);
  const xml = decodeXmlRpcResponse(encodeXmlRpcResponse({ ok: true, value: records }));
  const json = decodeJsonRpcResponse(encodeJsonRpcResponse({ ok: true, value: records }, 1, true));
  for (const env of [xml, json]) {
    assert.ok(env.ok);
    const typed = toTyped(model, ALL, env.value, 'VM.get_all_records result') as Record<string, Record<string, XenValue>>;
    assert.deepEqual(Object.keys(typed), Object.keys(records));
    for (const [ref, original] of Object.entries(records) as [string, Record<string, XenValue>][]) {
      const got = typed[ref] as Record<string, XenValue>;
      for (const [field, value] of Object.entries(original)) assert.deepEqual(got[field], value, `${ref}.${field}`);
      // fields the record did not carry take the model's defaults
      assert.equal(Object.keys(got).length, model.findClass('VM')?.fields.length);
    }
  }
});
