// C's printf("%.16g") for a double, which is how xapi writes XML-RPC <double>s (1.0 -> "1", 1e20 -> "1e+20").
// Built from the decimal digits JS gives us, with one correction: on an exact tie at the 17th digit JS rounds
// away from zero while glibc rounds half to even.

/** 16 significant digits of |x| (correctly rounded, ties to even) and the decimal exponent. */
function digits16(abs: number): { digits: string; exp: number } {
  const s = abs.toExponential(15);
  const e = s.indexOf('e');
  let digits = s[0] + s.slice(2, e);
  let exp = Number(s.slice(e + 1));
  const seventeen = abs.toExponential(16);
  if (seventeen[17] === '5') {
    const exact = abs.toExponential(99);
    const cut = exact.indexOf('e');
    const mantissa = exact[0] + exact.slice(2, cut);
    const tie = mantissa[16] === '5' && /^0*$/.test(mantissa.slice(17));
    if (tie && Number(mantissa[15]) % 2 === 0) {
      digits = mantissa.slice(0, 16);
      exp = Number(exact.slice(cut + 1));
    }
  }
  return { digits, exp };
}

function trimZeros(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 48) end--;
  return s.slice(0, end);
}

/** `%.16g`: 16 significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e16. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const sign = x < 0 ? '-' : '';
  const { digits, exp } = digits16(Math.abs(x));
  if (exp < -4 || exp >= 16) {
    const frac = trimZeros(digits.slice(1));
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac === '' ? '' : `.${frac}`}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${trimZeros(digits)}`;
  const frac = trimZeros(digits.slice(exp + 1));
  return `${sign}${digits.slice(0, exp + 1)}${frac === '' ? '' : `.${frac}`}`;
}
