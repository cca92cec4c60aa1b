// Errors raised while reading or typing wire data. Neither is a XenAPI error: the server answers a WireError with
// HTTP 500 (as xapi does for an unparseable body) and a WireTypeError with FIELD_TYPE_ERROR / INVALID_VALUE.

export type WireErrorKind = 'malformed' | 'forbidden' | 'limit' | 'encoding';

export class WireError extends Error {
  readonly kind: WireErrorKind;

  constructor(kind: WireErrorKind, message: string) {
    super(message);
    this.name = 'WireError';
    this.kind = kind;
  }
}

export class WireTypeError extends Error {
  /** Where the value was found, e.g. `VM.name_label` or `params[2]`. */
  readonly field: string;
  /** The offending value, printed for messages. */
  readonly value: string;
  /** The expected type, e.g. `int`, `enum vm_power_state`. */
  readonly expected: string;

  constructor(field: string, value: string, expected: string) {
    super(`${field}: expected ${expected}, got ${value}`);
    this.name = 'WireTypeError';
    this.field = field;
    this.value = value;
    this.expected = expected;
  }
}
