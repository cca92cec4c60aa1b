// xapi's S-expression spelling of sets and maps inside state.db: ('a' 'b') and (('k' 'v') ...).
// Inside a quoted atom a backslash escapes the next character; xapi escapes \, ' and ".

export type SNode = string | SNode[];

export function quoteAtom(text: string): string {
  if (!/['"\\]/.test(text)) return `'${text}'`;
  return `'${text.replace(/['"\\]/g, (c) => `\\${c}`)}'`;
}

/** Parses one S-expression; throws on malformed input. */
export function parseSExpr(text: string): SNode {
  let pos = 0;
  const skip = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\n' || text[pos] === '\t' || text[pos] === '\r')) pos += 1;
  };
  const node = (): SNode => {
    skip();
    const c = text[pos];
    if (c === '(') {
      pos += 1;
      const items: SNode[] = [];
      for (;;) {
        skip();
        if (pos >= text.length) throw new SyntaxError('unterminated list in S-expression');
        if (text[pos] === ')') {
          pos += 1;
          return items;
        }
        items.push(node());
      }
    }
    if (c === "'" || c === '"') {
      const quote = c;
      pos += 1;
      let out = '';
      let start = pos;
      for (;;) {
        if (pos >= text.length) throw new SyntaxError('unterminated string in S-expression');
        const ch = text[pos];
        if (ch === '\\') {
          out += text.slice(start, pos) + (text[pos + 1] ?? '');
          pos += 2;
          start = pos;
        } else if (ch === quote) {
          out += text.slice(start, pos);
          pos += 1;
          return out;
        } else {
          pos += 1;
        }
      }
    }
    // A bare atom (not written by xapi, tolerated).
    const start = pos;
    while (pos < text.length && !' \n\t\r()'.includes(text[pos] ?? ' ')) pos += 1;
    if (start === pos) throw new SyntaxError(`unexpected character at ${pos} in S-expression`);
    return text.slice(start, pos);
  };
  const result = node();
  skip();
  if (pos !== text.length) throw new SyntaxError('trailing characters after S-expression');
  return result;
}
