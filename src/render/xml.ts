// XML: an XML-RPC methodResponse with xapi's {Status: Success, Value} envelope, encoded by the wire encoder.
import type { XenStruct } from '../model/types.js';
import { encodeXmlRpcResponse } from '../wire/xmlrpc-encode.js';
import type { RenderData, View } from './types.js';
import { columnsOf, project, recordsOf } from './rows.js';

export function renderXml(data: RenderData, view: View): string {
  if (data.kind === 'scalar') return `${encodeXmlRpcResponse({ ok: true, value: data.value })}\n`;
  const records = recordsOf(data, view);
  const keys = columnsOf(records, view);
  const shown: XenStruct[] = records.map((r) => project(r, keys));
  const value = data.kind === 'record' ? shown[0] ?? {} : shown;
  return `${encodeXmlRpcResponse({ ok: true, value })}\n`;
}
