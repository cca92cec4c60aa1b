// JSON.parse with exact 64-bit integers. Node 20's JSON.parse cannot show a number's source text, so a pre-pass
// finds integer literals of 16+ digits outside strings and quotes them behind a marker character; after the
// parse, one walk turns marked strings back into numbers (within ±2^53) or bigints, and bounds the nesting depth.
import type { XenValue } from '../model/types.js';
import { WireError } from './errors.js';
import { MAX_INT_DIGITS } from './numbers.js';

// Integer literals longer than MAX_INT_DIGITS are left to JSON.parse (a float: no XenAPI int is that long), which
// also keeps the regexps from backtracking through a hostile run of millions of digits.
const LONG_DIGITS = `(?<![0-9])[0-9]{16,${MAX_INT_DIGITS}}(?![0-9])`;
// A long integer literal in number position: after `:` `,` `[` (and JSON whitespace), before `,` `]` `}`.
const RESET_LAST_MATCH = /^/;
const LONG_NUMBER = new RegExp(`([:,[][ \\t\\n\\r]*)(-?[0-9]{16,${MAX_INT_DIGITS}})(?=[ \\t\\n\\r]*[,\\]}])`, 'g');
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
// Lone low surrogates: they cannot come out of UTF-8, so a document that already holds one is rare (and then
// another candidate is used).
const MARKERS = ['\udfff', '\udffe', '\udffd', '\udffc', '\udffb', '\udffa', '\udff9', '\udff8'];

/** Whether the `"` at q ends a string (is not escaped by an odd run of backslashes). */
function unescapedQuote(text: string, q: number): boolean {
  let p = q - 1;
  while (text.charCodeAt(p) === 92) p--;
  return (q - 1 - p) % 2 === 0;
}

function precedesNumber(c: number): boolean {
  // start of text, `:`, `[`, `,`, whitespace
  return Number.isNaN(c) || c === 58 || c === 91 || c === 44 || c === 32 || c === 10 || c === 13 || c === 9;
}

function followsInteger(c: number): boolean {
  return c !== 46 && c !== 101 && c !== 69;
}

function hasMarker(text: string, m: string): boolean {
  return text.includes(m) || new RegExp(`\\\\u${m.charCodeAt(0).toString(16)}`, 'i').test(text);
}

function chooseMarker(text: string): string {
  for (const m of MARKERS) if (!hasMarker(text, m)) return m;
  throw new WireError('malformed', 'JSON: document holds every big-integer marker');
}

/** The text with every long integer literal outside strings quoted behind `marker`; null when there is none. */
function quoteLongIntegers(text: string, marker: string): string | null {
  const re = new RegExp(LONG_DIGITS, 'g');
  let parts: string[] | null = null;
  let copied = 0;
  let cursor = 0;
  let inString = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    // Walk the quotes between the last candidate and this one to know whether it sits inside a string.
    for (let q = text.indexOf('"', cursor); q >= 0 && q < at; q = text.indexOf('"', q + 1)) {
      if (!inString) inString = true;
      else if (unescapedQuote(text, q)) inString = false;
      cursor = q + 1;
    }
    if (cursor < at) cursor = at;
    if (inString) continue;
    const end = at + m[0].length;
    const start = text.charCodeAt(at - 1) === 45 ? at - 1 : at;
    if (!precedesNumber(text.charCodeAt(start - 1)) || !followsInteger(text.charCodeAt(end))) continue;
    parts ??= [];
    parts.push(text.slice(copied, start), `"${marker}`, text.slice(start, end), '"');
    copied = end;
  }
  if (parts === null) return null;
  parts.push(text.slice(copied));
  return parts.join('');
}

function revive(s: string, marker: string): XenValue {
  if (s.length === 0 || s[0] !== marker) return s;
  const n = BigInt(s.slice(1));
  return n <= MAX_SAFE && n >= -MAX_SAFE ? Number(n) : n;
}

type Mutable = XenValue[] | Record<string, XenValue>;

/** Checks depth, revives marked integers (when marker is set) and turns nested nulls into '', in place. */
function walk(v: unknown, depth: number, maxDepth: number, marker: string | null): void {
  if (typeof v !== 'object' || v === null) return;
  if (depth >= maxDepth) throw tooDeep(maxDepth);
  const o = v as Mutable;
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) {
      const x = o[i];
      if (typeof x === 'string') {
        if (marker !== null && x.length > 0 && x[0] === marker) o[i] = revive(x, marker);
      } else if (typeof x === 'object') {
        if ((x as unknown) === null) o[i] = '';
        else walk(x, depth + 1, maxDepth, marker);
      }
    }
    return;
  }
  for (const k in o) {
    const x = o[k];
    if (typeof x === 'string') {
      if (marker !== null && x.length > 0 && x[0] === marker) o[k] = revive(x, marker);
    } else if (typeof x === 'object') {
      // JSON null has no XenValue; below the envelope it reads as the empty string.
      if ((x as unknown) !== null) walk(x, depth + 1, maxDepth, marker);
      else if (depth > 0) o[k] = '';
    }
  }
}

function tryParse(source: string): { ok: true; value: unknown } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * JSON.parse with exact integers beyond ±2^53 (as bigint); a WireError for bad or too deep documents.
 * Fast path: one native regex replace quotes every long integer in number position. A digit run inside a string
 * that happens to sit in such a context gets quoted too, but then the inserted quote ends the string and the
 * marker lands outside it, which is always a syntax error: only then the exact, quote-tracking pass runs.
 */
export function parseJsonExact(text: string, maxDepth: number): unknown {
  if (text.length >= DEPTH_SCAN_CHARS && nestsDeeperThan(text, maxDepth)) throw tooDeep(maxDepth);
  return parseJsonExactAt(text, maxDepth, 0);
}

/** From this size a document's nesting is checked before JSON.parse, which spends seconds on megabytes of `[`. */
const DEPTH_SCAN_CHARS = 256 * 1024;

export function tooDeep(maxDepth: number): WireError {
  return new WireError('limit', `JSON: values nested deeper than ${maxDepth}`);
}

/** Whether brackets outside strings nest deeper than maxDepth (syntax is left to the parse). */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let q = i;
      do {
        q = text.indexOf('"', q + 1);
        if (q < 0) return false;
      } while (!unescapedQuote(text, q));
      i = q;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

/**
 * parseJsonExact of a container that sits `depth` levels down in a bigger document (json-split.ts parses a big
 * document a member at a time): the depth bound counts from the document's top, and nulls inside it read as ''.
 * `mayHaveLong` false (the caller saw no run of 16+ digits outside strings) skips the quoting pre-pass.
 */
export function parseJsonExactAt(text: string, maxDepth: number, depth: number, mayHaveLong = true): unknown {
  let marker = MARKERS[0] as string;
  let source = mayHaveLong ? text.replace(LONG_NUMBER, `$1"${marker}$2"`) : text;
  if (source !== text && hasMarker(text, marker)) {
    marker = chooseMarker(text);
    source = text.replace(LONG_NUMBER, `$1"${marker}$2"`);
  }
  const quoted = source !== text;
  // Drop the original while parsing the copy (both can be tens of MB); `unquote` rebuilds it if needed.
  if (quoted) text = '';
  // V8 keeps the last regexp subject alive (RegExp.input): point it at a tiny string so the text can be freed.
  RESET_LAST_MATCH.exec('');
  let parsed = tryParse(source);
  if (!parsed.ok && quoted) {
    const original = unquote(source, marker);
    source = quoteLongIntegers(original, marker) ?? original;
    RESET_LAST_MATCH.exec('');
    parsed = tryParse(source);
  }
  if (!parsed.ok) {
    const e = parsed.error;
    throw new WireError('malformed', `JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    walk(parsed.value, depth, maxDepth, quoted ? marker : null);
  } catch (e) {
    if (e instanceof RangeError) throw new WireError('limit', `JSON: ${e.message}`);
    throw e;
  }
  return parsed.value;
}

/** Undoes the fast path's quoting: the marker never occurs in the original, so every `"M123"` is ours. */
function unquote(source: string, marker: string): string {
  return source.replace(new RegExp(`"${marker}(-?[0-9]+)"`, 'g'), '$1');
}
