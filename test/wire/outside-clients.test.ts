// Documents exactly as Xen Orchestra's xen-api npm client builds them (its own XML-RPC formatter, installed as a
// dev dependency), decoded by our server-side reader.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { decodeXmlRpcCall } from '../../src/wire/xmlrpc-decode.js';

type Format = (tree: unknown, opts: { indent: number }) => string;
type Formatter = { format_methodCall(call: { methodName: string; params: unknown[] }): unknown };

function xenApiFormat(methodName: string, params: unknown[]): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const { xmlRpcFormatter } = require('@vates/xml-rpc/formatter') as { xmlRpcFormatter: Formatter };
    const { formatXml } = require('@vates/xml/format') as { formatXml: Format };
    return formatXml(xmlRpcFormatter.format_methodCall({ methodName, params }), { indent: 0 });
  } catch {
    return undefined;
  }
}

test('xen-api npm calls: bare <value>text, <params />, <int>, <nil />, <struct />, ISO dates, &apos;', (t) => {
  const params = ['OpaqueRef:abc', 'it\'s <b> & "c"', 3, 1.5, true, null, new Date(Date.UTC(2025, 2, 19, 4, 16, 24)), [], {}, { k: ['x'] }];
  const xml = xenApiFormat('VM.set_other_config', params);
  if (xml === undefined) {
    t.skip('@vates/xml-rpc (a dependency of the xen-api dev dependency) is not installed');
    return;
  }
  assert.ok(xml.includes('<value>OpaqueRef:abc</value>') && xml.includes('<struct />'), xml);
  assert.deepEqual(decodeXmlRpcCall(xml), {
    method: 'VM.set_other_config',
    params: ['OpaqueRef:abc', 'it\'s <b> & "c"', 3n, 1.5, true, '', new Date(Date.UTC(2025, 2, 19, 4, 16, 24)), [], {}, { k: ['x'] }],
  });
  const logout = xenApiFormat('session.logout', []) as string;
  assert.ok(logout.includes('<params />'), logout);
  assert.deepEqual(decodeXmlRpcCall(logout), { method: 'session.logout', params: [] });
});
