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

/** Reads the attributes of the tag whose name ends at `pos`; returns them and the index after the tag. */
function readAttrs(text: string, pos: number): { attrs: Array<[string, string]>; end: number; selfClosing: boolean } {
  const attrs: Array<[string, string]> = [];
  let i = pos;
  for (;;) {
    while (i < text.length && text.charCodeAt(i) <= 32) i += 1;
    const c = text[i];
    if (c === '/' && text[i + 1] === '>') return { attrs, end: i + 2, selfClosing: true };
    if (c === '>') return { attrs, end: i + 1, selfClosing: false };
    if (c === '?' && text[i + 1] === '>') return { attrs, end: i + 2, selfClosing: true };
    const eq = text.indexOf('=', i);
    if (c === undefined || eq < 0) throw new DbFormatError(`unterminated tag at offset ${pos}`);
    const name = text.slice(i, eq).trim();
    let q = eq + 1;
    while (text.charCodeAt(q) <= 32) q += 1;
    const quote = text[q];
    if (quote !== '"' && quote !== "'") throw new DbFormatError(`unquoted attribute ${name} at offset ${q}`);
    const close = text.indexOf(quote, q + 1);
    if (close < 0) throw new DbFormatError(`unterminated attribute ${name} at offset ${q}`);
    attrs.push([name, decodeEntities(text.slice(q + 1, close))]);
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

export function parseDb(text: string): DbDocument {
  const manifest = new Map<string, string>();
  const tables: Array<{ name: string; rows: DbRow[] }> = [];
  let current: { name: string; rows: DbRow[] } | undefined;
  let sawDatabase = false;
  let pos = text.indexOf('<');
  while (pos >= 0 && pos < text.length) {
    const next = text[pos + 1];
    if (next === '/') {
      const close = text.indexOf('>', pos);
      if (tagNameAt(text, pos + 2) === 'table') current = undefined;
      pos = text.indexOf('<', close + 1);
      continue;
    }
    if (next === '!' || next === '?') {
      const close = text.startsWith('<!--', pos) ? text.indexOf('-->', pos) + 3 : text.indexOf('>', pos) + 1;
      if (close <= 0) throw new DbFormatError('unterminated comment or declaration');
      pos = text.indexOf('<', close);
      continue;
    }
    const name = tagNameAt(text, pos + 1);
    const { attrs, end, selfClosing } = readAttrs(text, pos + 1 + name.length);
    if (name === 'row') {
      if (current === undefined) throw new DbFormatError(`row outside a table at offset ${pos}`);
      let ref = '';
      const columns: Array<[string, string]> = [];
      for (const pair of attrs) {
        if (pair[0] === 'ref') ref = pair[1];
        else columns.push(pair);
      }
      if (ref === '') throw new DbFormatError(`row without a ref in table ${current.name}`);
      current.rows.push({ ref, columns });
    } else if (name === 'table') {
      const tableName = attrs.find(([k]) => k === 'name')?.[1];
      if (tableName === undefined) throw new DbFormatError(`table without a name at offset ${pos}`);
      const table = { name: tableName, rows: [] as DbRow[] };
      tables.push(table);
      current = selfClosing ? undefined : table;
    } else if (name === 'pair') {
      const key = attrs.find(([k]) => k === 'key')?.[1];
      const value = attrs.find(([k]) => k === 'value')?.[1];
      if (key !== undefined && value !== undefined) manifest.set(key, value);
    } else if (name === 'database') {
      sawDatabase = true;
    }
    pos = text.indexOf('<', end);
  }
  if (!sawDatabase) throw new DbFormatError('not a xapi database: no <database> element');
  return { manifest, tables };
}

/** Streams a state.db document to `write` in chunks of roughly 1 MB. */
export class DbWriter {
  #buf = '';
  constructor(private readonly write: (chunk: string) => void) {}

  begin(manifest: Iterable<[string, string]>): void {
    let head = '<database>\n<manifest>';
    for (const [k, v] of manifest) head += `<pair key="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`;
    this.#push(`${head}</manifest>\n`);
  }

  beginTable(name: string): void {
    this.#push(`<table name="${escapeAttr(name)}">\n`);
  }

  /** One row: columns as [name, text] pairs (names are written as they are). */
  row(ref: string, columns: Iterable<readonly [string, string]>): void {
    let line = `<row ref="${escapeAttr(ref)}"`;
    for (const [col, value] of columns) line += ` ${col}="${escapeAttr(value)}"`;
    this.#push(`${line}/>\n`);
  }

  endTable(): void {
    this.#push('</table>\n');
  }

  end(): void {
    this.#push('</database>\n');
    this.flush();
  }

  flush(): void {
    if (this.#buf.length === 0) return;
    this.write(this.#buf);
    this.#buf = '';
  }

  #push(text: string): void {
    this.#buf += text;
    if (this.#buf.length >= 1 << 20) this.flush();
  }
}
