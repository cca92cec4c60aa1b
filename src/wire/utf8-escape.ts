// Invalid UTF-8 in a JSON-RPC request. xapi refuses a string that is not valid UTF-8 with INVALID_VALUE (it is a bad
// argument, not a bad document), so each byte that is not part of a valid sequence is kept as a lone surrogate
// U+DC80..U+DCFF (Python's "surrogateescape"): the server's bad-string check then names the argument that held it.

/** The length of the valid UTF-8 sequence at i (no overlong forms, surrogates or values past U+10FFFF), or 0. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  for (let k = 1; k < n; k++) if (((b[i + k] as number) & 0xc0) !== 0x80) return 0;
  const c1 = b[i + 1] as number;
  if ((c === 0xe0 && c1 < 0xa0) || (c === 0xed && c1 >= 0xa0) || (c === 0xf0 && c1 < 0x90) || (c === 0xf4 && c1 >= 0x90)) return 0;
  return n;
}

/** The text of bytes that are not valid UTF-8, each stray byte as the lone surrogate U+DC00 + byte. */
export function escapeInvalidUtf8(b: Buffer, start = 0): string {
  const parts: string[] = [];
  let run = start;
  let i = start;
  while (i < b.length) {
    const n = sequenceAt(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (run < i) parts.push(b.toString('utf8', run, i));
    parts.push(String.fromCharCode(0xdc00 + (b[i] as number)));
    run = ++i;
  }
  if (run < b.length) parts.push(b.toString('utf8', run));
  return parts.join('');
}
