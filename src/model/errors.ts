// The one error type for a XenAPI failure: `[CODE, param...]` as it travels on the wire.
export class XenApiError extends Error {
  readonly code: string;
  readonly params: readonly string[];

  constructor(code: string, params: readonly string[] = [], message?: string) {
    super(message ?? (params.length > 0 ? `${code} ${params.join(' ')}` : code));
    this.name = 'XenApiError';
    this.code = code;
    this.params = params;
  }

  /** The ErrorDescription array: `[code, ...params]`. */
  toWire(): string[] {
    return [this.code, ...this.params];
  }
}
