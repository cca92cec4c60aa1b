// A scanner and a writer for xapi's state.db XML: <database><manifest><pair key= value=/>...</manifest>
// <table name="VM"><row ref="OpaqueRef:..." column="text" .../></table>...</database>.
// Not a general XML parser: it reads what xapi (and this store) write, with indexOf, and fails loudly otherwise.

export interface DbRow {
  readonly ref: string;
  /** [column, text] in document order, entities decoded; `ref` itself excluded. */
  readonly columns: Array<[string, string]>;
}

export interface DbDocument {
  readonly manifest: Map<string, string>;
  readonly tables: Array<{ readonly name: string; readonly rows: DbRow[] }>;
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

const NEEDS_ESCAPE = /[&<>"\n\r\t]/;

export function escapeAttr(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"\n\r\t]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;'
      : `&#${c.charCodeAt(0)};`);
}

export class DbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DbFormatError';
  }
}

/**
 * Reads the attributes of the tag whose name ends at `pos` into `attrs` (name, value, name, value...); returns the
 * index after the tag and whether it was self-closing.
 */
function readAttrs(text: string, pos: number, attrs: string[]): { end: number; selfClosing: boolean } {
  attrs.length = 0;
  let i = pos;
  for (;;) {
    let c = text.charCodeAt(i);
    while (c <= 32) c = text.charCodeAt(++i);
    if (c === 47 /* / */ || c === 63 /* ? */) {
      if (text.charCodeAt(i + 1) === 62) return { end: i + 2, selfClosing: true };
    }
    if (c === 62 /* > */) return { end: i + 1, selfClosing: false };
    const eq = text.indexOf('=', i);
    if (Number.isNaN(c) || eq < 0) throw new DbFormatError(`unterminated tag at offset ${pos}`);
    const name = text.slice(i, eq).trim();
    let q = eq + 1;
    while (text.charCodeAt(q) <= 32) q += 1;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") throw new DbFormatError(`unquoted attribute ${name} at offset ${q}`);
    const close = text.indexOf(quote, q + 1);
    if (close < 0) throw new DbFormatError(`unterminated attribute ${name} at offset ${q}`);
    attrs.push(name, decodeEntities(text.slice(q + 1, close)));
    i = close + 1;
  }
}

function tagNameAt(text: string, pos: number): string {
  let i = pos;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code <= 32 || code === 47 || code === 62) break;
    i += 1;
  }
  return text.slice(pos, i);
}

function attr(attrs: readonly string[], name: string): string | undefined {
  for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === name) return attrs[i + 1];
  return undefined;
}

export interface DbVisitor {
  pair(key: string, value: string): void;
  table(name: string): void;
  /** `attrs` is name, value, name, value... without `ref`; it is reused after the call returns. */
  row(table: string, ref: string, attrs: readonly string[]): void;
}

/** Walks a state.db document without building it. */
export function scanDb(text: string, visitor: DbVisitor): void {
  let current: string | undefined;
  let sawDatabase = false;
  // A document cut short (a partial copy) still scans; only its closing tag shows it is whole.
  let sawDatabaseEnd = false;
  const attrs: string[] = [];
  const columns: string[] = [];
  let pos = text.indexOf('<');
  while (pos >= 0 && pos < text.length) {
    const next = text.charCodeAt(pos + 1);
    if (next === 47 /* / */) {
      const close = text.indexOf('>', pos);
      const closing = tagNameAt(text, pos + 2);
      if (closing === 'table') current = undefined;
      else if (closing === 'database') sawDatabaseEnd = true;
      pos = text.indexOf('<', close + 1);
      continue;
    }
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      const close = text.startsWith('<!--', pos) ? text.indexOf('-->', pos) + 3 : text.indexOf('>', pos) + 1;
      if (close <= 0) throw new DbFormatError('unterminated comment or declaration');
      pos = text.indexOf('<', close);
      continue;
    }
    const name = tagNameAt(text, pos + 1);
    const { end, selfClosing } = readAttrs(text, pos + 1 + name.length, attrs);
    if (name === 'row') {
      if (current === undefined) throw new DbFormatError(`row outside a table at offset ${pos}`);
      let ref = '';
      columns.length = 0;
      for (let i = 0; i < attrs.length; i += 2) {
        if (attrs[i] === 'ref') ref = attrs[i + 1] as string;
        else columns.push(attrs[i] as string, attrs[i + 1] as string);
      }
      if (ref === '') throw new DbFormatError(`row without a ref in table ${current}`);
      visitor.row(current, ref, columns);
    } else if (name === 'table') {
      const tableName = attr(attrs, 'name');
      if (tableName === undefined) throw new DbFormatError(`table without a name at offset ${pos}`);
      visitor.table(tableName);
      current = selfClosing ? undefined : tableName;
    } else if (name === 'pair') {
      const key = attr(attrs, 'key');
      const value = attr(attrs, 'value');
      if (key !== undefined && value !== undefined) visitor.pair(key, value);
    } else if (name === 'database') {
      sawDatabase = true;
      if (selfClosing) sawDatabaseEnd = true;
    }
    pos = text.indexOf('<', end);
  }
  if (!sawDatabase) throw new DbFormatError('not a xapi database: no <database> element');
  if (!sawDatabaseEnd) throw new DbFormatError('truncated: the document ends before </database>');
}

export function parseDb(text: string): DbDocument {
  const manifest = new Map<string, string>();
  const tables: Array<{ name: string; rows: DbRow[] }> = [];
  scanDb(text, {
    pair: (k, v) => manifest.set(k, v),
    table: (name) => tables.push({ name, rows: [] }),
    row: (_table, ref, attrs) => {
      const columns: Array<[string, string]> = [];
      for (let i = 0; i < attrs.length; i += 2) columns.push([attrs[i] as string, attrs[i + 1] as string]);
      tables[tables.length - 1]?.rows.push({ ref, columns });
    },
  });
  return { manifest, tables };
}

const CHUNK = 256 * 1024;

/**
 * Streams a state.db document to `write` in UTF-8 chunks of about 256 KB, encoded into one reused buffer: a chunk
 * is valid only during the call (write it out synchronously). Each row is encoded as it comes, so neither the
 * document nor a long run of rows is ever held as a string.
 */
export class DbWriter {
  readonly #buf = Buffer.allocUnsafe(CHUNK);
  #len = 0;
  constructor(private readonly write: (chunk: Buffer) => void) {}

  begin(manifest: Iterable<[string, string]>): void {
    this.#push('<database>\n<manifest>');
    for (const [k, v] of manifest) this.#push(`<pair key="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`);
    this.#push('</manifest>\n');
  }

  beginTable(name: string): void {
    this.#push(`<table name="${escapeAttr(name)}">\n`);
  }

  /** One row; `attributes` is its escaped ` column="text"` list. */
  row(ref: string, attributes: string): void {
    this.#push(`<row ref="${escapeAttr(ref)}"${attributes}/>\n`);
  }

  endTable(): void {
    this.#push('</table>\n');
  }

  end(): void {
    this.#push('</database>\n');
    this.flush();
  }

  flush(): void {
    if (this.#len === 0) return;
    this.write(this.#buf.subarray(0, this.#len));
    this.#len = 0;
  }

  #push(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > CHUNK - this.#len) {
      this.flush();
      if (text.length * 3 > CHUNK) {
        this.write(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.#len += this.#buf.write(text, this.#len, 'utf8');
  }
}
