// Parsing a big JSON document straight from its UTF-8 bytes, a member at a time. JSON.parse needs one string, and a
// 30 MB reply's string (and the whole-document tree built from it) would stay in V8's old space until the next full
// GC, which a short CLI run may never reach. Here a byte scanner only finds where each member of a big container
// ends; each member's value is parsed on its own (parseJsonExactAt: exact integers, nulls and depth as for the
// whole document). Whatever the scanner finds odd makes it give up (undefined): the caller then parses the whole
// text as before, which also reports errors exactly as before.
import { parseJsonExactAt, tooDeep } from './json-exact.js';
import { setMember } from './struct.js';
import type { XenValue } from '../model/types.js';

/** The document and the containers right below it (a reply's result) are split into members; deeper ones are parsed whole. */
const SPLIT_DEPTH = 2;
/** A digit run this long outside strings may be an integer beyond 2^53 (parseJsonExact quotes from 16 digits). */
const LONG_DIGITS = 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const LOWER_N = 0x6e;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

class Splitter {
  readonly #buf: Buffer;
  readonly #end: number;
  readonly #maxDepth: number;
  /** Whether the value #valueEnd last scanned holds a long digit run. */
  #long = false;

  constructor(buf: Buffer, maxDepth: number) {
    this.#buf = buf;
    this.#end = buf.length;
    this.#maxDepth = maxDepth;
  }

  skipSpace(p: number): number {
    const buf = this.#buf;
    while (p < this.#end && isSpace(buf[p])) p++;
    return p;
  }

  /** The index after the string opening at q, or -1 (found with indexOf: most of a document's bytes are in strings). */
  #stringEnd(q: number): number {
    const buf = this.#buf;
    let from = q + 1;
    for (;;) {
      const j = buf.indexOf(QUOTE, from);
      if (j < 0) return -1;
      if (buf[j - 1] !== BACKSLASH) return j + 1;
      let k = j - 1;
      while (buf[k] === BACKSLASH) k--;
      if ((j - 1 - k) % 2 === 0) return j + 1;
      from = j + 1;
    }
  }

  /**
   * The index after the value starting at p, or -1. Only brackets and strings are tracked: the parse checks the
   * rest. Sets #long when a run of 16+ digits stands outside strings (an integer that may need exact handling).
   */
  #valueEnd(p: number, at: number): number {
    const buf = this.#buf;
    // Nesting past the limit fails here, before JSON.parse spends seconds on a hostile megabyte of `[`.
    const maxLocal = this.#maxDepth - at;
    const n = this.#end;
    const first = buf[p];
    this.#long = false;
    if (first === QUOTE) return this.#stringEnd(p);
    let i = p;
    if (first !== LBRACE && first !== LBRACKET) {
      while (i < n) {
        const b = buf[i];
        if (b === COMMA || b === RBRACE || b === RBRACKET || isSpace(b)) break;
        i++;
      }
      this.#long = i - p >= LONG_DIGITS;
      return i > p ? i : -1;
    }
    let depth = 0;
    let digits = 0;
    while (i < n) {
      const b = buf[i++] as number;
      if (b === QUOTE) {
        i = this.#stringEnd(i - 1);
        if (i < 0) return -1;
      } else if (b >= 0x30 && b <= 0x39) {
        if (++digits >= LONG_DIGITS) this.#long = true;
        continue;
      } else if (b === LBRACE || b === LBRACKET) {
        if (++depth > maxLocal) throw tooDeep(this.#maxDepth);
      } else if ((b === RBRACE || b === RBRACKET) && --depth === 0) {
        return i;
      }
      digits = 0;
    }
    return -1;
  }

  #key(q: number, e: number): string | undefined {
    const buf = this.#buf;
    for (let i = q + 1; i < e - 1; i++) {
      const b = buf[i] as number;
      if (b === BACKSLASH || b < 0x20) {
        try {
          const k: unknown = JSON.parse(buf.toString('utf8', q, e));
          return typeof k === 'string' ? k : undefined;
        } catch {
          return undefined;
        }
      }
    }
    return buf.toString('utf8', q + 1, e - 1);
  }

  /** The value in [s, e), which sits `depth` levels down; null stays null (its container decides). */
  #member(s: number, e: number, depth: number): unknown {
    const buf = this.#buf;
    const first = buf[s];
    const long = this.#long;
    if (first === LBRACE || first === LBRACKET) return parseJsonExactAt(buf.toString('utf8', s, e), this.#maxDepth, depth, long);
    if (first === LOWER_N) return e - s === 4 && buf.toString('latin1', s, e) === 'null' ? null : undefined;
    // A scalar parses as the item of a one-item array: a long integer needs the `[` before it to be kept exact.
    const wrapped = parseJsonExactAt(`[${buf.toString('utf8', s, e)}]`, this.#maxDepth, depth - 1, long);
    return Array.isArray(wrapped) && wrapped.length === 1 ? (wrapped[0] as unknown) : undefined;
  }

  /** The value starting at p (at `depth`) and the index after it; undefined when anything is odd. */
  #value(p: number, depth: number): { value: unknown; end: number } | undefined {
    const first = this.#buf[p];
    if (depth < SPLIT_DEPTH && first === LBRACE) return this.object(p, depth);
    if (depth < SPLIT_DEPTH && first === LBRACKET) return this.#array(p, depth);
    const e = this.#valueEnd(p, depth);
    if (e < 0) return undefined;
    const value = this.#member(p, e, depth);
    return value === undefined ? undefined : { value, end: e };
  }

  /** The object opening at p (at `depth`), member by member; undefined when anything is odd. */
  object(p: number, depth: number): { value: Record<string, unknown>; end: number } | undefined {
    if (depth >= this.#maxDepth) return undefined;
    const buf = this.#buf;
    const out: Record<string, unknown> = {};
    let i = this.skipSpace(p + 1);
    if (buf[i] === RBRACE) return { value: out, end: i + 1 };
    for (;;) {
      if (buf[i] !== QUOTE) return undefined;
      const ke = this.#stringEnd(i);
      if (ke < 0) return undefined;
      const key = this.#key(i, ke);
      if (key === undefined) return undefined;
      i = this.skipSpace(ke);
      if (buf[i] !== COLON) return undefined;
      i = this.skipSpace(i + 1);
      const r = this.#value(i, depth + 1);
      if (r === undefined) return undefined;
      const v = r.value;
      // As in the whole-document walk: a null member reads as '' below the top object.
      setMember(out as Record<string, XenValue>, key, (v === null && depth > 0 ? '' : v) as XenValue);
      i = this.skipSpace(r.end);
      if (buf[i] === COMMA) {
        i = this.skipSpace(i + 1);
      } else if (buf[i] === RBRACE) {
        return { value: out, end: i + 1 };
      } else {
        return undefined;
      }
    }
  }

  #array(p: number, depth: number): { value: unknown[]; end: number } | undefined {
    if (depth >= this.#maxDepth) return undefined;
    const buf = this.#buf;
    const out: unknown[] = [];
    let i = this.skipSpace(p + 1);
    if (buf[i] === RBRACKET) return { value: out, end: i + 1 };
    for (;;) {
      const r = this.#value(i, depth + 1);
      if (r === undefined) return undefined;
      out.push(r.value === null ? '' : r.value);
      i = this.skipSpace(r.end);
      if (buf[i] === COMMA) {
        i = this.skipSpace(i + 1);
      } else if (buf[i] === RBRACKET) {
        return { value: out, end: i + 1 };
      } else {
        return undefined;
      }
    }
  }

  get end(): number {
    return this.#end;
  }
}

/**
 * The JSON object in `buf` from `start` (valid UTF-8, as bodyBytes checked), parsed a member at a time, or
 * undefined when the document is not an object or anything is odd (then parse it whole: parseJsonExact).
 * May throw what parseJsonExactAt throws (a WireError); the caller falls back on that too, except on a document
 * nested too deep (kind 'limit'), which the whole-text parse would only refuse later.
 */
export function parseJsonObjectBytes(buf: Buffer, start: number, maxDepth: number): Record<string, unknown> | undefined {
  const s = new Splitter(buf, maxDepth);
  const p = s.skipSpace(start);
  if (buf[p] !== LBRACE) return undefined;
  const r = s.object(p, 0);
  if (r === undefined || s.skipSpace(r.end) !== s.end) return undefined;
  return r.value;
}
