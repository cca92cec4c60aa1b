// C's printf("%.16g") for a double, which is how xapi writes XML-RPC <double>s (1.0 -> "1", 1e20 -> "1e+20").

function stripZeros(mantissa: string): string {
  if (!mantissa.includes('.')) return mantissa;
  let end = mantissa.length;
  while (mantissa.charCodeAt(end - 1) === 48) end--;
  if (mantissa.charCodeAt(end - 1) === 46) end--;
  return mantissa.slice(0, end);
}

function exponential(x: number): string {
  const s = x.toExponential(15);
  const e = s.indexOf('e');
  const exp = Number(s.slice(e + 1));
  const abs = Math.abs(exp);
  return `${stripZeros(s.slice(0, e))}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
}

/** `%.16g`: 16 significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e16. */
export function formatDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x);
  const s = x.toExponential(15);
  const exp = Number(s.slice(s.indexOf('e') + 1));
  if (exp < -4 || exp >= 16) return exponential(x);
  return stripZeros(x.toFixed(15 - exp));
}
