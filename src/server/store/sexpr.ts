// xapi's S-expression spelling of sets and maps inside state.db: ('a' 'b') and (('k' 'v') ...).
// Inside a quoted atom a backslash escapes the next character; xapi escapes \, ' and ".

export type SNode = string | SNode[];

const NEEDS_QUOTING = /['"\\]/;

export function quoteAtom(text: string): string {
  if (!NEEDS_QUOTING.test(text)) return `'${text}'`;
  return `'${text.replace(/['"\\]/g, (c) => `\\${c}`)}'`;
}

const OPEN = 40; // (
const CLOSE = 41; // )
const BACKSLASH = 92;
const SQUOTE = 39;
const DQUOTE = 34;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** Parses one S-expression; throws on malformed input. */
export function parseSExpr(text: string): SNode {
  let pos = 0;
  const end = text.length;
  const skip = (): void => {
    while (pos < end && isSpace(text.charCodeAt(pos))) pos += 1;
  };
  const quoted = (quote: number): string => {
    pos += 1;
    let start = pos;
    let out = '';
    for (;;) {
      if (pos >= end) throw new SyntaxError('unterminated string in S-expression');
      const c = text.charCodeAt(pos);
      if (c === quote) {
        out += text.slice(start, pos);
        pos += 1;
        return out;
      }
      if (c === BACKSLASH) {
        out += text.slice(start, pos) + text.charAt(pos + 1);
        pos += 2;
        start = pos;
      } else {
        pos += 1;
      }
    }
  };
  const node = (): SNode => {
    skip();
    const c = text.charCodeAt(pos);
    if (c === OPEN) {
      pos += 1;
      const items: SNode[] = [];
      for (;;) {
        skip();
        if (pos >= end) throw new SyntaxError('unterminated list in S-expression');
        if (text.charCodeAt(pos) === CLOSE) {
          pos += 1;
          return items;
        }
        items.push(node());
      }
    }
    if (c === SQUOTE || c === DQUOTE) return quoted(c);
    // A bare atom (not written by xapi, tolerated).
    const start = pos;
    while (pos < end) {
      const d = text.charCodeAt(pos);
      if (isSpace(d) || d === OPEN || d === CLOSE) break;
      pos += 1;
    }
    if (start === pos) throw new SyntaxError(`unexpected character at ${pos} in S-expression`);
    return text.slice(start, pos);
  };
  const result = node();
  skip();
  if (pos !== end) throw new SyntaxError('trailing characters after S-expression');
  return result;
}
