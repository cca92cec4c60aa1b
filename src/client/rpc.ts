// One request/response exchange in either encoding: encode, carry, decode, turn an error envelope into XenApiError.
import { XenApiError, type Model, type XenValue } from '../model/index.js';
import { decodeJsonRpcResponse, encodeJsonRpcRequest } from '../wire/jsonrpc.js';
import type { Envelope } from '../wire/envelope.js';
import { WireError, WireTypeError } from '../wire/errors.js';
import { toTyped } from '../wire/typed.js';
import { decodeXmlRpcResponse } from '../wire/xmlrpc-decode.js';
import { encodeXmlRpcCall } from '../wire/xmlrpc-encode.js';
import { releaseBody } from '../transport/body.js';
import { TransportError } from '../transport/errors.js';
import type { Transport, WireProtocol } from '../transport/types.js';
import { maskSecrets, shorten, type DebugSink } from './debug.js';

export function encodeCall(protocol: WireProtocol, method: string, params: readonly XenValue[], id: number): string {
  return protocol === 'jsonrpc' ? encodeJsonRpcRequest(method, params, id) : encodeXmlRpcCall(method, params);
}

export function decodeReply(protocol: WireProtocol, body: Buffer, target: string): Envelope {
  try {
    return protocol === 'jsonrpc' ? decodeJsonRpcResponse(body) : decodeXmlRpcResponse(body);
  } catch (err) {
    if (err instanceof WireError) {
      throw new TransportError('PROTOCOL', target, `${target} sent a reply that is not valid ${protocol === 'jsonrpc' ? 'JSON-RPC' : 'XML-RPC'}: ${err.message}`, { cause: err });
    }
    throw err;
  }
}

export function envelopeValue(env: Envelope): XenValue {
  if (env.ok) return env.value;
  const [code, ...params] = env.error;
  throw new XenApiError(code ?? '', params);
}

export interface Exchange {
  readonly transport: Transport;
  readonly protocol: WireProtocol;
  readonly method: string;
  readonly params: readonly XenValue[];
  readonly id: number;
  readonly signal?: AbortSignal;
  readonly debug?: DebugSink;
  /** Params to show in --debug instead of the real ones (the password replaced). */
  readonly debugParams?: readonly XenValue[];
  /** Strings to mask in --debug (the session ref). */
  readonly secrets: readonly string[];
  /** The result is itself a secret (a new session ref). */
  readonly maskResult?: boolean;
}

export async function exchange(x: Exchange): Promise<Envelope> {
  const body = encodeCall(x.protocol, x.method, x.params, x.id);
  if (x.debug !== undefined) {
    const shown = x.debugParams === undefined ? body : encodeCall(x.protocol, x.method, x.debugParams, x.id);
    x.debug(`--> ${x.transport.target ?? x.transport.kind} ${x.protocol} ${x.method}\n${maskSecrets(shown, x.secrets)}`);
  }
  const reply = await x.transport.rpc(body, x.protocol, x.signal === undefined ? {} : { signal: x.signal });
  let env: Envelope;
  try {
    env = decodeReply(x.protocol, reply, x.transport.target ?? x.transport.kind);
  } catch (err) {
    x.debug?.(`<-- ${x.method}: ${reply.length} bytes (undecodable)\n${maskSecrets(shorten(reply.toString('utf8')), x.secrets)}`);
    throw err;
  }
  if (x.debug !== undefined) {
    // A login's reply is the new session ref: mask it too.
    const secrets = x.maskResult === true && env.ok && typeof env.value === 'string' ? [...x.secrets, env.value] : x.secrets;
    x.debug(`<-- ${x.method}: ${reply.length} bytes\n${maskSecrets(shorten(reply.toString('utf8')), secrets)}`);
  }
  releaseBody(reply);
  return env;
}

/** The result typed by the message's result type; unknown messages (extensions of a newer server) stay raw. */
export function typedResult(model: Model, method: string, raw: XenValue, target: string): XenValue {
  const msg = model.findMessage(method);
  if (msg === undefined) return raw;
  try {
    // A newer xapi may answer an enum value this datamodel lacks (a new VM operation): shown, not refused.
    return toTyped(model, msg.result, raw, `${method} result`, { lenientEnums: true });
  } catch (err) {
    if (!(err instanceof WireTypeError)) throw err;
    throw new TransportError('PROTOCOL', target, `the server's reply does not fit the datamodel: ${err.message}`, { cause: err });
  }
}
