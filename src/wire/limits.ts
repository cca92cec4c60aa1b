// Bounds on what a decoder accepts, so hostile input fails with a WireError instead of exhausting the process.

export interface DecodeLimits {
  /** Largest accepted body, in bytes (UTF-8). */
  readonly maxBytes?: number;
  /** Deepest nesting of arrays/structs. */
  readonly maxDepth?: number;
}

export const RESPONSE_MAX_BYTES = 512 * 1024 * 1024;
export const CALL_MAX_BYTES = 64 * 1024 * 1024;
export const MAX_DEPTH = 64;
