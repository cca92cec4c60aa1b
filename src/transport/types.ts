// The transport contract: bytes in, bytes out. Codecs live in src/wire, sessions in src/client.

export type TransportKind = 'http' | 'https' | 'unix' | 'ssh' | 'stdio' | 'local';

/** The two encodings xapi speaks. */
export type WireProtocol = 'xmlrpc' | 'jsonrpc';

/** What the user asks for with --protocol. */
export type ProtocolChoice = 'auto' | WireProtocol;

export const PROTOCOL_CHOICES: readonly ProtocolChoice[] = Object.freeze(['auto', 'jsonrpc', 'xmlrpc']);

export interface RpcOptions {
  /** Aborts the request (the CLI's --timeout deadline, Ctrl-C). */
  readonly signal?: AbortSignal;
}

export interface Transport {
  readonly kind: TransportKind;
  /** The far side trusts the channel: the client logs in without a password. */
  readonly delegated: boolean;
  /** true/false when known; 'probe' when only a first JSON-RPC request can tell (404 at /jsonrpc means no). */
  readonly offersJson: boolean | 'probe';
  /** Where it leads, for messages: `https://pool1:443`, `unix:/var/lib/xcp/xapi`, `local:DIR`. */
  readonly target?: string;
  /** One request body in, the whole response body out. Throws TransportError. */
  rpc(body: string, protocol: WireProtocol, opts?: RpcOptions): Promise<Buffer>;
  close(): Promise<void>;
}
