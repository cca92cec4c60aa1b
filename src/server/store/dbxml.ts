// A writer for xapi's state.db XML: <database><manifest><pair key= value=/>...</manifest>
// <table name="VM"><row ref="OpaqueRef:..." column="text" .../></table>...</database>. The scanner is in dbscan.ts.
export { DbFormatError, DbScanner, decodeEntities, parseDb, parseDbFile, scanDb, scanDbFile } from './dbscan.js';
export type { DbDocument, DbRow, DbVisitor } from './dbscan.js';

const NEEDS_ESCAPE = /[&<>"\n\r\t]/;

export function escapeAttr(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/[&<>"\n\r\t]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;'
      : `&#${c.charCodeAt(0)};`);
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
