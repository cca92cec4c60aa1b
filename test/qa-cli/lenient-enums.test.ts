// A newer xapi answers enum values this datamodel lacks (new VM operations, a new power state): the client shows
// them as sent instead of failing the whole command; the server side (parameters) stays strict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel, type XenValue } from '../../src/model/index.js';
import { XenClient } from '../../src/client/client.js';
import { localTransport } from '../../src/transport/local.js';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../../src/wire/xmlrpc-encode.js';
import { toTyped } from '../../src/wire/typed.js';
import { WireTypeError } from '../../src/wire/errors.js';

const RECORD: Record<string, XenValue> = { uuid: 'u1', name_label: 'future', power_state: 'Hibernated', allowed_operations: ['start', 'teleport'] };

test('client: unknown enum values in a reply are kept as sent', async () => {
  const reply = (value: XenValue): string => encodeXmlRpcResponse({ ok: true, value });
  const handler = {
    handleXmlRpc: async (body: string) => {
      const { method } = decodeXmlRpcCall(body);
      return reply(method === 'session.login_with_password' ? 'OpaqueRef:s' : RECORD);
    },
    handleJsonRpc: async () => {
      throw new Error('xml-rpc only');
    },
  };
  const c = new XenClient({ transport: localTransport(handler), model: getModel(), protocol: 'xmlrpc', password: async () => 'x' });
  const rec = (await c.call('VM.get_record', ['OpaqueRef:vm'])) as Record<string, XenValue>;
  assert.equal(rec['power_state'], 'Hibernated');
  assert.deepEqual(rec['allowed_operations'], ['start', 'teleport']);
  assert.equal(rec['actions_after_shutdown'], 'destroy');
  await c.close();
});

test('toTyped stays strict unless asked: known values are normalised, unknown ones refused', () => {
  const t = { kind: 'enum', name: 'vm_power_state' } as const;
  assert.equal(toTyped(getModel(), t, 'running', 'x'), 'Running');
  assert.throws(() => toTyped(getModel(), t, 'Hibernated', 'x'), WireTypeError);
  assert.equal(toTyped(getModel(), t, 'Hibernated', 'x', { lenientEnums: true }), 'Hibernated');
  assert.equal(toTyped(getModel(), t, 'halted', 'x', { lenientEnums: true }), 'Halted');
});
