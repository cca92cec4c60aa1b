// XML-RPC documents in: responses (unwrapping xapi's Status envelope) and method calls.
import type { XenValue } from '../model/types.js';
import { bodyBytes } from './body.js';
import { unwrapEnvelope, type Envelope } from './envelope.js';
import { WireError } from './errors.js';
import { CALL_MAX_BYTES, MAX_DEPTH, RESPONSE_MAX_BYTES, type DecodeLimits } from './limits.js';

import { XmlScanner } from './xml-scanner.js';
import {
  TAG_FAULT, TAG_METHOD_CALL, TAG_METHOD_NAME, TAG_METHOD_RESPONSE, TAG_PARAM, TAG_PARAMS,
} from './xml-tags.js';
import { readValue } from './xmlrpc-values.js';
import { isStruct } from '../model/values.js';

export interface XmlRpcCall {
  method: string;
  params: XenValue[];
}

function scanner(body: Buffer | string, limits: DecodeLimits | undefined, maxBytes: number, what: string): XmlScanner {
  const bytes = bodyBytes(body, limits?.maxBytes ?? maxBytes, what);
  return new XmlScanner(bytes, limits?.maxDepth ?? MAX_DEPTH);
}

/** Converts a RangeError (e.g. "Maximum call stack size exceeded") into a WireError instead of crashing. */
function guarded<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof WireError) throw e;
    if (e instanceof RangeError) throw new WireError('limit', `XML-RPC: ${e.message}`);
    throw e;
  }
}

function finish(sc: XmlScanner): void {
  sc.skipMisc();
  if (!sc.atEnd()) sc.fail('content after the document element');
}

/** The raw value a methodResponse carries (a fault becomes `[faultCode, faultString]` failure). */
function readResponse(sc: XmlScanner): Envelope {
  sc.skipMisc();
  if (sc.openTag() !== TAG_METHOD_RESPONSE || sc.selfClosing) sc.fail('expected <methodResponse>');
  sc.skipMisc();
  const tag = sc.openTag();
  let env: Envelope;
  if (tag === TAG_PARAMS) {
    let value: XenValue = '';
    if (!sc.selfClosing) {
      sc.skipMisc();
      if (!sc.atCloseTag()) {
        if (sc.openTag() !== TAG_PARAM) sc.fail('expected <param>');
        if (!sc.selfClosing) {
          sc.skipMisc();
          value = readValue(sc, 0);
          sc.skipMisc();
          sc.closeTag(TAG_PARAM, 'param');
        }
        sc.skipMisc();
      }
      sc.closeTag(TAG_PARAMS, 'params');
    }
    env = unwrapEnvelope(value);
  } else if (tag === TAG_FAULT && !sc.selfClosing) {
    sc.skipMisc();
    env = faultEnvelope(readValue(sc, 0));
    sc.skipMisc();
    sc.closeTag(TAG_FAULT, 'fault');
  } else {
    return sc.fail('expected <params> or <fault>');
  }
  sc.skipMisc();
  sc.closeTag(TAG_METHOD_RESPONSE, 'methodResponse');
  finish(sc);
  return env;
}

function faultEnvelope(fault: XenValue): Envelope {
  const f = isStruct(fault) ? fault : {};
  const code = f['faultCode'];
  const text = f['faultString'];
  return { ok: false, error: [String(code ?? ''), String(text ?? '')] };
}

export function decodeXmlRpcResponse(body: Buffer | string, limits?: DecodeLimits): Envelope {
  return guarded(() => readResponse(scanner(body, limits, RESPONSE_MAX_BYTES, 'XML-RPC response')));
}

function readCall(sc: XmlScanner): XmlRpcCall {
  sc.skipMisc();
  if (sc.openTag() !== TAG_METHOD_CALL || sc.selfClosing) sc.fail('expected <methodCall>');
  sc.skipMisc();
  if (sc.openTag() !== TAG_METHOD_NAME || sc.selfClosing) sc.fail('expected <methodName>');
  const method = sc.readText().trim();
  sc.closeTag(TAG_METHOD_NAME, 'methodName');
  const params: XenValue[] = [];
  sc.skipMisc();
  if (!sc.atCloseTag()) {
    if (sc.openTag() !== TAG_PARAMS) sc.fail('expected <params>');
    if (!sc.selfClosing) {
      for (;;) {
        sc.skipMisc();
        if (sc.atCloseTag()) break;
        if (sc.openTag() !== TAG_PARAM) sc.fail('expected <param>');
        if (sc.selfClosing) {
          params.push('');
          continue;
        }
        sc.skipMisc();
        params.push(readValue(sc, 0));
        sc.skipMisc();
        sc.closeTag(TAG_PARAM, 'param');
      }
      sc.closeTag(TAG_PARAMS, 'params');
    }
    sc.skipMisc();
  }
  sc.closeTag(TAG_METHOD_CALL, 'methodCall');
  finish(sc);
  if (method === '') sc.fail('empty methodName');
  return { method, params };
}

export function decodeXmlRpcCall(body: Buffer | string, limits?: DecodeLimits): XmlRpcCall {
  return guarded(() => readCall(scanner(body, limits, CALL_MAX_BYTES, 'XML-RPC call')));
}

export { splitXmlRpcDocuments, splitXmlRpcStream } from './xmlrpc-split.js';
