// The byte-level half of the XML-RPC reader: tags, character data, entities, CDATA, comments. It works on the
// UTF-8 bytes (validated once up front) so no document-sized string is ever built, and it interns short strings
// (member names, enum values, refs that repeat) so 10,000 records share them.
import { WireError } from './errors.js';
import { decodeEntity } from './xml-entities.js';
import { StructBuilder, type ShapeCache } from './struct-builder.js';
import { TAG_OTHER, tagCode } from './xml-tags.js';

/** Buffer's native slicers: undocumented but present in every Node release we support, and faster than toString. */
interface NativeSlices {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

const INTERN_SLOTS = 4096;
const INTERN_MAX = 32; // below a uuid (36): unique values would only evict the repeating ones
const SHORT_TEXT = 48;
const CR_LINE_END = /\r\n?/g;

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

export class XmlScanner {
  readonly b: Buffer;
  readonly n: number;
  readonly maxDepth: number;
  pos = 0;
  /** Set by openTag: the tag was `<x/>`. */
  selfClosing = false;
  /** Position of the next `&` at or after the last search (n when none): found once, reused by many texts. */
  private nextAmp = -1;
  /** The same for CR, which XML turns into LF (CR LF too). */
  private nextCr = -1;
  private readonly slices: NativeSlices;
  /** Allocated on the first short text, sized to the document: a 250-byte call must not pay for 4096 slots. */
  private interned: (string | undefined)[] | undefined;
  private internMask = 0;
  private readonly builders: StructBuilder[] = [];
  private readonly shapes: ShapeCache = new Map();

  constructor(b: Buffer, maxDepth: number) {
    this.b = b;
    this.n = b.length;
    this.maxDepth = maxDepth;
    this.slices = b as unknown as NativeSlices;
    if (this.n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.pos = 3;
  }

  /** The struct builder for this nesting depth (one per depth, reused). */
  structBuilder(depth: number): StructBuilder {
    let b = this.builders[depth];
    if (b === undefined) {
      b = new StructBuilder(this.shapes);
      this.builders[depth] = b;
    }
    return b.reset();
  }

  fail(what: string): never {
    const near = this.b.toString('utf8', Math.max(0, this.pos - 20), Math.min(this.n, this.pos + 20));
    throw new WireError('malformed', `XML-RPC: ${what} at byte ${this.pos} (near ${JSON.stringify(near)})`);
  }

  atEnd(): boolean {
    return this.pos >= this.n;
  }

  /** True when the next bytes are `</`. */
  atCloseTag(): boolean {
    return this.b[this.pos] === 60 && this.b[this.pos + 1] === 47;
  }

  /** Skips whitespace, comments and processing instructions (`<?xml ...?>`); refuses DTDs. */
  skipMisc(): void {
    const b = this.b;
    for (;;) {
      let p = this.pos;
      while (isSpace(b[p])) p++;
      this.pos = p;
      if (b[p] !== 60) return;
      const next = b[p + 1];
      if (next === 63) {
        this.skipPast('?>', p + 2);
      } else if (next === 33) {
        if (b[p + 2] === 45 && b[p + 3] === 45) this.skipPast('-->', p + 4);
        else if (b[p + 2] === 91) return; // <![CDATA[: character data, the caller decides
        else throw new WireError('forbidden', 'XML-RPC: DOCTYPE and ENTITY declarations are not accepted');
      } else {
        return;
      }
    }
  }

  private skipPast(end: string, from: number): void {
    const at = this.b.indexOf(end, from, 'latin1');
    if (at < 0) {
      this.pos = this.n;
      this.fail(`unterminated ${end === '-->' ? 'comment' : 'processing instruction'}`);
    }
    this.pos = at + end.length;
  }

  /** Reads `<name ...>` or `<name/>` at pos; returns the tag's code and sets selfClosing. */
  openTag(): number {
    const b = this.b;
    let p = this.pos;
    if (b[p] !== 60) this.fail(p >= this.n ? 'unexpected end of document' : 'expected a tag');
    const start = ++p;
    for (;;) {
      const c = b[p];
      if (c === undefined || c === 62 || c === 47 || isSpace(c)) break;
      p++;
    }
    if (p === start) this.fail('expected a tag name');
    const code = tagCode(b, start, p - start);
    if (b[p] !== 62) p = this.skipAttributes(p);
    if (b[p] !== 62) {
      this.pos = p;
      this.fail('unterminated tag');
    }
    this.selfClosing = b[p - 1] === 47;
    this.pos = p + 1;
    return code;
  }

  /** Skips whitespace and attributes up to the closing `>` (XML-RPC has no attributes; we tolerate them). */
  private skipAttributes(p: number): number {
    const b = this.b;
    for (;;) {
      const c = b[p];
      if (c === undefined || c === 62) return p;
      if (c === 60) {
        this.pos = p;
        this.fail('unterminated tag');
      }
      if (c === 34 || c === 39) {
        const close = b.indexOf(c, p + 1);
        if (close < 0) return this.n;
        p = close;
      }
      p++;
    }
  }

  /** Reads `</name>` and checks it closes `code`. */
  closeTag(code: number, name: string): void {
    const b = this.b;
    let p = this.pos;
    if (b[p] !== 60 || b[p + 1] !== 47) this.fail(`expected </${name}>`);
    p += 2;
    const start = p;
    for (;;) {
      const c = b[p];
      if (c === undefined || c === 62 || isSpace(c)) break;
      p++;
    }
    const got = tagCode(b, start, p - start);
    while (isSpace(b[p])) p++;
    if (got !== code || got === TAG_OTHER || b[p] !== 62) this.fail(`expected </${name}>`);
    this.pos = p + 1;
  }

  /** Whether bytes [start, end) are all XML whitespace. */
  isBlank(start: number, end: number): boolean {
    const b = this.b;
    for (let p = start; p < end; p++) if (!isSpace(b[p])) return false;
    return true;
  }

  /** If the bytes at pos spell `lit` (ASCII), steps over them and returns true. */
  lit(lit: string): boolean {
    const b = this.b;
    const p = this.pos;
    for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit.charCodeAt(i)) return false;
    this.pos = p + lit.length;
    return true;
  }

  /**
   * Reads character data from pos up to the next tag (not CDATA), resolving entities and CDATA sections.
   * Leaves pos at the `<`.
   */
  readText(): string {
    const b = this.b;
    const n = this.n;
    const start = this.pos;
    let p = start;
    let high = 0;
    // Short texts (most values) in JS; long ones with native searches for `<` and the next `&` or CR.
    const shortEnd = start + SHORT_TEXT < n ? start + SHORT_TEXT : n;
    while (p < shortEnd) {
      const c = b[p] as number;
      if (c === 60 || c === 38 || c === 13) break;
      high |= c;
      p++;
    }
    if (p === shortEnd && p < n) {
      const lt = b.indexOf(60, p);
      const end = lt < 0 ? n : lt;
      if (this.nextAmp < p) {
        const amp = b.indexOf(38, p);
        this.nextAmp = amp < 0 ? n : amp;
      }
      if (this.nextCr < p) {
        const cr = b.indexOf(13, p);
        this.nextCr = cr < 0 ? n : cr;
      }
      const special = this.nextAmp < this.nextCr ? this.nextAmp : this.nextCr;
      p = special < end ? special : end;
      high = 128; // not scanned: let the UTF-8 slicer handle whatever is there
    }
    if (p >= n) {
      this.pos = n;
      this.fail('unexpected end of document in text');
    }
    if (b[p] === 60 && b[p + 1] !== 33) {
      this.pos = p;
      return this.slice(start, p, high);
    }
    return this.readMixedText(start, p, high);
  }

  /** A string of bytes [start, end); `high` has bit 7 set when any byte is non-ASCII. */
  slice(start: number, end: number, high: number): string {
    const len = end - start;
    if (len === 0) return '';
    if (high >= 128) return this.slices.utf8Slice(start, end);
    if (len > INTERN_MAX) return this.slices.latin1Slice(start, end);
    const b = this.b;
    let h = len;
    for (let p = start; p < end; p++) h = (Math.imul(h, 31) + (b[p] as number)) | 0;
    let table = this.interned;
    if (table === undefined) {
      let slots = 64;
      while (slots < INTERN_SLOTS && slots * 16 < this.n) slots *= 2;
      table = this.interned = new Array<string | undefined>(slots);
      this.internMask = slots - 1;
    }
    const slot = h & this.internMask;
    const cached = table[slot];
    if (cached !== undefined && cached.length === len) {
      let i = 0;
      while (i < len && cached.charCodeAt(i) === b[start + i]) i++;
      if (i === len) return cached;
    }
    const fresh = this.slices.latin1Slice(start, end);
    table[slot] = fresh;
    return fresh;
  }

  /** Slow path of readText: entity references, CDATA sections, comments, CR / CR LF line ends (read as LF). */
  private readMixedText(start: number, p: number, high: number): string {
    const b = this.b;
    const n = this.n;
    let out = this.slice(start, p, high);
    for (;;) {
      const c = b[p];
      if (c === 38) {
        const semi = b.indexOf(59, p + 1);
        if (semi < 0 || semi - p > 12) {
          this.pos = p;
          this.fail('bad entity reference');
        }
        out += this.entity(p + 1, semi);
        p = semi + 1;
      } else if (c === 13) {
        out += '\n';
        p += b[p + 1] === 10 ? 2 : 1;
      } else if (c === 60 && b[p + 1] === 33) {
        if (b[p + 2] === 45 && b[p + 3] === 45) {
          const end = b.indexOf('-->', p + 4, 'latin1');
          if (end < 0) break;
          p = end + 3;
        } else if (b.toString('latin1', p, p + 9) === '<![CDATA[') {
          const end = b.indexOf(']]>', p + 9, 'latin1');
          if (end < 0) break;
          out += this.slices.utf8Slice(p + 9, end).replace(CR_LINE_END, '\n');
          p = end + 3;
        } else {
          throw new WireError('forbidden', 'XML-RPC: DOCTYPE and ENTITY declarations are not accepted');
        }
      } else if (c === 60) {
        this.pos = p;
        return out;
      } else if (c === undefined) {
        break;
      }
      const runStart = p;
      let runHigh = 0;
      while (p < n) {
        const d = b[p] as number;
        if (d === 60 || d === 38 || d === 13) break;
        runHigh |= d;
        p++;
      }
      if (p > runStart) out += this.slice(runStart, p, runHigh);
    }
    this.pos = n;
    return this.fail('unexpected end of document in text');
  }

  private entity(start: number, end: number): string {
    const name = this.b.toString('latin1', start, end);
    const text = decodeEntity(name);
    if (text === undefined) {
      this.pos = start - 1;
      this.fail(`bad entity reference &${name.slice(0, 12)};`);
    }
    return text;
  }
}
