// Failures to reach the server or to get a well-formed HTTP answer from it (the CLI exits 3).

/** Human explanations of the system error codes a connection most often ends with. */
const EXPLAIN: Readonly<Record<string, string>> = Object.freeze({
  ECONNREFUSED: 'connection refused (is the server running and listening there?)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
  ECONNRESET: 'connection reset by the server',
  EPIPE: 'connection closed by the server while sending',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOENT: 'no such socket file',
  EACCES: 'permission denied',
  ENOTSOCK: 'not a socket',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server\'s TLS certificate is self-signed and not trusted (check its fingerprint and pin it with xenctl trust HOST:PORT, or use --ca FILE)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server\'s TLS certificate chain ends in an untrusted root (name that root with --ca FILE, or check its fingerprint and pin it with xenctl trust HOST:PORT)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server\'s TLS certificate cannot be verified (name its CA with --ca FILE, or check its fingerprint and pin it with xenctl trust HOST:PORT)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of the server\'s TLS certificate is not trusted (name it with --ca FILE, or check its fingerprint and pin it with xenctl trust HOST:PORT)',
  CERT_HAS_EXPIRED: 'the server\'s TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server\'s TLS certificate does not name this host',
  ABORT_ERR: 'request aborted',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server does not speak TLS on that port (plain http://, or another service?)',
});

/** OpenSSL's "wrong version number": the peer answered the TLS hello with something else (plain HTTP, ssh). */
const NOT_TLS = /wrong version number/i;

export class TransportError extends Error {
  /** A system code (`ECONNREFUSED`), a TLS code, `HTTP_<status>`, or one of ours (`UNSUPPORTED`, `PROTOCOL`). */
  readonly code: string;
  /** Where we were talking to, for messages. */
  readonly target: string;

  constructor(code: string, target: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.code = code;
    this.target = target;
  }

  /** HTTP status when the server answered with one other than 200. */
  get httpStatus(): number | undefined {
    const m = /^HTTP_([0-9]{3})$/.exec(this.code);
    return m?.[1] === undefined ? undefined : Number(m[1]);
  }
}

function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    const name = (err as { name?: unknown }).name;
    if (name === 'AbortError') return 'ABORT_ERR';
  }
  return 'EIO';
}

/** Wraps a socket/TLS error into a TransportError with a sentence a person can act on. */
export function toTransportError(err: unknown, target: string): TransportError {
  if (err instanceof TransportError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = NOT_TLS.test(message) ? 'ERR_SSL_WRONG_VERSION_NUMBER' : errorCode(err);
  const detail = EXPLAIN[code] ?? message;
  return new TransportError(code, target, `cannot talk to ${target}: ${detail}`, { cause: err });
}
