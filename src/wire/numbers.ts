// Number spellings read from the wire. The patterns are unambiguous (no two ways to match a digit run), so a long
// run of digits followed by junk fails in linear time instead of backtracking for minutes.

/** A decimal integer. */
export const INT_TEXT = /^[+-]?[0-9]+$/;
/** A decimal float: `1`, `1.`, `1.5`, `.5`, with an optional exponent. */
export const FLOAT_TEXT = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Longest integer literal (digits, without sign) decoded exactly: well past 64 bits, well short of the lengths at
 * which BigInt() (quadratic in the length) would stall a decoder on a hostile document.
 */
export const MAX_INT_DIGITS = 40;

/** The least and greatest 64-bit integers, signed or not: xapi's ints are signed, some peers write unsigned ones. */
export const INT64_MIN = -(2n ** 63n);
export const UINT64_MAX = 2n ** 64n - 1n;

/** The bigint a decimal integer text names (sign and surrounding spaces allowed), or undefined past MAX_INT_DIGITS. */
export function bigIntOf(text: string): bigint | undefined {
  const t = text.trim();
  if (!INT_TEXT.test(t)) return undefined;
  if (t.length > MAX_INT_DIGITS + 1) {
    // Leading zeros are not digits that count.
    const digits = t.replace(/^[+-]?0*/, '');
    if (digits.length > MAX_INT_DIGITS) return undefined;
  }
  return BigInt(t);
}

export function fits64Bits(n: bigint): boolean {
  return n >= INT64_MIN && n <= UINT64_MAX;
}
