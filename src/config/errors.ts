// Errors in connection settings: a bad URL, an unknown context, an unsafe password file.

/**
 * `usage` is a mistake on the command line or in a config file (exit 2); `auth` is a credential that cannot be
 * used or obtained (exit 4). The CLI turns the kind into an exit status.
 */
export type ConfigErrorKind = 'usage' | 'auth';

export class ConfigError extends Error {
  readonly kind: ConfigErrorKind;

  constructor(message: string, kind: ConfigErrorKind = 'usage') {
    super(message);
    this.name = 'ConfigError';
    this.kind = kind;
  }
}
