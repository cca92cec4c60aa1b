// A scanner for xapi's state.db XML: <database><manifest><pair key= value=/>...</manifest>
// <table name="VM"><row ref="OpaqueRef:..." column="text" .../></table>...</database>.
// Not a general XML parser: it reads what xapi (and this store) write, with indexOf, and fails loudly otherwise.
// It takes the document whole or a piece at a time (scanDbFile), so a big state.db is never one string.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface DbRow {
  readonly ref: string;
  /** [column, text] in document order, entities decoded; `ref` itself excluded. */
  readonly columns: Array<[string, string]>;
}

export interface DbDocument {
  readonly manifest: Map<string, string>;
  readonly tables: Array<{ readonly name: string; readonly rows: DbRow[] }>;
}

export interface DbVisitor {
  pair(key: string, value: string): void;
  table(name: string): void;
  /** `attrs` is name, value, name, value... without `ref`; it is reused after the call returns. */
  row(table: string, ref: string, attrs: readonly string[]): void;
}

export class DbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbFormatError';
  }
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

/**
 * A copy of a value that does not keep the piece of document it was cut from alive (V8 cuts strings of 13 or more
 * characters as views into their parent): records loaded from a 60 MB state.db would otherwise hold all of it.
 */
function detach(text: string): string {
  return text.length < 13 ? text : (` ${text}`).slice(1);
}

function tagNameEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 47 || code === 62) break;
    i += 1;
  }
  return i;
}

function attr(attrs: readonly string[], name: string): string | undefined {
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1];
  return undefined;
}

/** Scans a state.db document given whole (feed once, last) or in pieces (feed each, then end). */
export class DbScanner {
  #current: string | undefined;
  #sawDatabase = false;
  // A document cut short (a partial copy) still scans; only its closing tag shows it is whole.
  #sawDatabaseEnd = false;
  #selfClosing = false;
  /** Document offset of the text being fed, for messages. */
  #base = 0;
  readonly #attrs: string[] = [];
  readonly #columns: string[] = [];

  constructor(private readonly visitor: DbVisitor, private readonly detachValues = false) {}

  /**
   * Reads the attributes of the tag whose name ends at `pos`; returns the index after the tag, or -1 when the tag
   * runs past the end of `text`.
   */
  #readAttrs(text: string, pos: number): number {
    const attrs = this.#attrs;
    attrs.length = 0;
    let i = pos;
    for (;;) {
      while (i < text.length && text.charCodeAt(i) <= 32) i += 1;
      if (i >= text.length) return -1;
      const c = text.charCodeAt(i);
      if ((c === 47 /* / */ || c === 63 /* ? */) && text.charCodeAt(i + 1) === 62) {
        this.#selfClosing = true;
        return i + 2;
      }
      if (c === 62 /* > */) {
        this.#selfClosing = false;
        return i + 1;
      }
      const eq = text.indexOf('=', i);
      if (eq < 0) return -1;
      const name = text.slice(i, eq).trim();
      let q = eq + 1;
      while (q < text.length && text.charCodeAt(q) <= 32) q += 1;
      if (q >= text.length) return -1;
      const quote = text[q];
      if (quote !== '"' && quote !== "'") throw new DbFormatError(`unquoted attribute ${name} at offset ${this.#base + q}`);
      const close = text.indexOf(quote, q + 1);
      if (close < 0) return -1;
      const raw = text.slice(q + 1, close);
      const value = decodeEntities(raw);
      attrs.push(name, this.detachValues && value === raw ? detach(value) : value);
      i = close + 1;
    }
  }

  #tag(name: string, pos: number): void {
    const attrs = this.#attrs;
    if (name === 'row') {
      const current = this.#current;
      if (current === undefined) throw new DbFormatError(`row outside a table at offset ${this.#base + pos}`);
      let ref = '';
      const columns = this.#columns;
      columns.length = 0;
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === 'ref') ref = attrs[i + 1] as string;
        else columns.push(attrs[i] as string, attrs[i + 1] as string);
      }
      if (ref === '') throw new DbFormatError(`row without a ref in table ${current}`);
      this.visitor.row(current, ref, columns);
    } else if (name === 'table') {
      const tableName = attr(attrs, 'name');
      if (tableName === undefined) throw new DbFormatError(`table without a name at offset ${this.#base + pos}`);
      this.visitor.table(tableName);
      this.#current = this.#selfClosing ? undefined : tableName;
    } else if (name === 'pair') {
      const key = attr(attrs, 'key');
      const value = attr(attrs, 'value');
      if (key !== undefined && value !== undefined) this.visitor.pair(key, value);
    } else if (name === 'database') {
      this.#sawDatabase = true;
      if (this.#selfClosing) this.#sawDatabaseEnd = true;
    }
  }

  /**
   * Scans the whole tags of `text`; returns where an unfinished last tag starts (text.length when there is none):
   * feed that rest again, followed by the next piece. In the `last` piece an unfinished tag is an error.
   */
  feed(text: string, last: boolean): number {
    let pos = text.indexOf('<');
    let stop = text.length;
    while (pos >= 0 && pos < text.length) {
      const next = text.charCodeAt(pos + 1);
      let end: number;
      if (next === 47 /* / */) {
        const close = text.indexOf('>', pos);
        if (close >= 0) {
          const closing = text.slice(pos + 2, tagNameEnd(text, pos + 2));
          if (closing === 'table') this.#current = undefined;
          else if (closing === 'database') this.#sawDatabaseEnd = true;
          end = close + 1;
        } else end = -1;
      } else if (next === 33 /* ! */ || next === 63 /* ? */) {
        const comment = text.startsWith('<!--', pos);
        const close = comment ? text.indexOf('-->', pos) : text.indexOf('>', pos);
        end = close < 0 ? -1 : close + (comment ? 3 : 1);
        if (end < 0 && last) throw new DbFormatError('unterminated comment or declaration');
      } else if (Number.isNaN(next)) {
        end = -1;
      } else {
        const nameEnd = tagNameEnd(text, pos + 1);
        end = nameEnd >= text.length ? -1 : this.#readAttrs(text, nameEnd);
        if (end >= 0) this.#tag(text.slice(pos + 1, nameEnd), pos);
      }
      if (end < 0) {
        if (last) throw new DbFormatError(`unterminated tag at offset ${this.#base + pos}`);
        stop = pos;
        break;
      }
      pos = text.indexOf('<', end);
    }
    this.#base += stop;
    if (last) this.end();
    return stop;
  }

  end(): void {
    if (!this.#sawDatabase) throw new DbFormatError('not a xapi database: no <database> element');
    if (!this.#sawDatabaseEnd) throw new DbFormatError('truncated: the document ends before </database>');
  }
}

/** Walks a state.db document without building it. */
export function scanDb(text: string, visitor: DbVisitor): void {
  new DbScanner(visitor).feed(text, true);
}

/** scanDb of a file read a megabyte at a time; the values handed to the visitor hold no piece of the file. */
export function scanDbFile(path: string, visitor: DbVisitor): void {
  const fd = openSync(path, 'r');
  try {
    const scanner = new DbScanner(visitor, true);
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(1 << 20);
    let rest = '';
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      const last = n === 0;
      const text = rest + (last ? decoder.end() : decoder.write(buf.subarray(0, n)));
      rest = text.slice(scanner.feed(text, last));
      if (last) return;
    }
  } finally {
    closeSync(fd);
  }
}

function documentBuilder(): { doc: DbDocument; visitor: DbVisitor } {
  const doc: DbDocument = { manifest: new Map(), tables: [] };
  const visitor: DbVisitor = {
    pair: (k, v) => doc.manifest.set(k, v),
    table: (name) => doc.tables.push({ name, rows: [] }),
    row: (_table, ref, attrs) => {
      const columns: Array<[string, string]> = [];
      for (let i = 0; i < attrs.length; i += 2) columns.push([attrs[i] as string, attrs[i + 1] as string]);
      doc.tables[doc.tables.length - 1]?.rows.push({ ref, columns });
    },
  };
  return { doc, visitor };
}

export function parseDb(text: string): DbDocument {
  const { doc, visitor } = documentBuilder();
  scanDb(text, visitor);
  return doc;
}

/** parseDb of a file, read in pieces (scanDbFile). */
export function parseDbFile(path: string): DbDocument {
  const { doc, visitor } = documentBuilder();
  scanDbFile(path, visitor);
  return doc;
}
